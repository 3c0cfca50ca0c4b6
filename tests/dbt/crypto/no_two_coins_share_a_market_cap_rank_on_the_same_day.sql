-- Fails with each rank that two coins hold on the same as-of date (ranks come from one ordering of the markets).
-- The days the newest build wrote: earlier builds checked theirs.
with daily_metrics as (
    select * from {{ ref('fct_coin_daily_metrics') }}
    where _built_at = (select max(_built_at) from {{ ref('fct_coin_daily_metrics') }})
)

select
    as_of_date,
    market_cap_rank,
    count(*) as coins_with_rank
from daily_metrics
where market_cap_rank is not null
group by as_of_date, market_cap_rank
having count(*) > 1
