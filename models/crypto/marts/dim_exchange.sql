-- Type 1: one row per exchange id (newest name and attributes win), plus the unknown member. Trust score and
-- rank change daily and live on fct_exchange_daily_metrics.
{{ type1_dimension(
    ref('stg_coingecko__exchanges'),
    'exchange_key',
    'exchange_id',
    ['exchange_name', 'year_established', 'country', 'exchange_description', 'website_url', 'image_url',
     'has_trading_incentive']
) }}
