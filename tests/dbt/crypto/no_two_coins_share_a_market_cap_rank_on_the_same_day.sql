-- Fails with each rank that two coins hold on the same as-of date (ranks come from one ordering of the markets).
select
    as_of_date,
    market_cap_rank,
    count(*) as coins_with_rank
from {{ ref('fct_coin_daily_metrics') }}
where market_cap_rank is not null
group by as_of_date, market_cap_rank
having count(*) > 1
