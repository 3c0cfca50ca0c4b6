-- Fails with each day whose bitcoin plus ether share of the total market cap is above 100 % or below 0.
select
    as_of_date,
    btc_market_cap_percentage,
    eth_market_cap_percentage
from {{ ref('fct_market_daily') }}
where coalesce(btc_market_cap_percentage, 0) + coalesce(eth_market_cap_percentage, 0) > 100
    or btc_market_cap_percentage < 0
    or eth_market_cap_percentage < 0
