-- Fails with each team that has two games starting at the same time (postponed and cancelled games aside):
-- a duplicated event or a team mapped to the wrong id.
with games as (
    select * from {{ ref('fct_game_results') }}
    where game_status not in ('postponed', 'canceled')
),

appearances as (
    select league, home_team_id as team_id, start_time_utc, event_id from games
    union all
    select league, away_team_id as team_id, start_time_utc, event_id from games
)

select
    league,
    team_id,
    start_time_utc,
    count(*) as games_at_that_time
from appearances
where team_id is not null
    and start_time_utc is not null
group by league, team_id, start_time_utc
having count(*) > 1
