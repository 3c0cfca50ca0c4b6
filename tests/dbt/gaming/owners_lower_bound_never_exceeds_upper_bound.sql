-- Fails with each daily row whose parsed owners range is upside down (a parsing error).
select
    app_id,
    as_of_date,
    owners_min,
    owners_max
from {{ ref('fct_game_daily_metrics') }}
where owners_min > owners_max
