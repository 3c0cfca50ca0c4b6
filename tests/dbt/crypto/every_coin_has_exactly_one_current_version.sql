-- Fails with each coin that has no current dim_coin version, or more than one.
with versions as (
    select * from {{ ref('dim_coin') }}
    where not is_unknown_member
)

select
    coin_id,
    sum(case when is_current then 1 else 0 end) as current_versions
from versions
group by coin_id
having sum(case when is_current then 1 else 0 end) <> 1
