-- Fails with each team that has no current dim_team version, or more than one.
with versions as (
    select * from {{ ref('dim_team') }}
    where not is_unknown_member
)

select
    league,
    team_id,
    sum(case when is_current then 1 else 0 end) as current_versions
from versions
group by league, team_id
having sum(case when is_current then 1 else 0 end) <> 1
