-- The newest known state of each team: what the dim_team snapshot compares against on every run.
with attributes as (
    select * from {{ ref('int_betting__team_attributes') }}
),

latest_dates as (
    select
        league,
        team_id,
        max(as_of_date) as as_of_date
    from attributes
    group by league, team_id
),

latest as (
    select attributes.*
    from attributes
    inner join latest_dates
        on attributes.league = latest_dates.league
        and attributes.team_id = latest_dates.team_id
        and attributes.as_of_date = latest_dates.as_of_date
)

select * from latest
