-- Fails with each game that has no current dim_game version, or more than one.
with versions as (
    select * from {{ ref('dim_game') }}
    where not is_unknown_member
)

select
    app_id,
    sum(case when is_current then 1 else 0 end) as current_versions
from versions
group by app_id
having sum(case when is_current then 1 else 0 end) <> 1
