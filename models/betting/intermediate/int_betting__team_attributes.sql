{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['league', 'team_id', 'as_of_date'],
    post_hook="{{ catch_up_snapshot('snap_team') }}",
) }}

-- One row per team per league per as-of date with every attribute dim_team tracks: the team list's names,
-- colours and logo, and the home venue from the team endpoint. A team is a member on a day when the team list,
-- a scoreboard or the standings name it: all-star and exhibition sides are not in /teams, and their games must
-- still point at a team. Such a team takes its attributes from the scoreboard's competitor (else the standings
-- entry), whole, never mixed with the list's: a listed team's attributes come from the list alone.
-- Incremental: the as-of dates of loads not built yet are rebuilt from every input's rows of those dates.
{%- set inputs = {
    'teams': ref('stg_espn__teams'),
    'details': ref('stg_espn__team_details'),
    'competitors': ref('stg_espn__competitors'),
    'standings': ref('stg_espn__standings'),
} %}
with pending_dates as (
    {%- for relation in inputs.values() %}
    select as_of_date from {{ relation }}
    {{ loaded_since_last_build() }}
    {{ 'union' if not loop.last }}
    {%- endfor %}
),
{%- for name, relation in inputs.items() %}

{{ name }} as (
    select * from {{ relation }}
    where as_of_date in (select as_of_date from pending_dates)
),
{%- endfor %}

competitor_teams as (
    select
        *,
        row_number() over (
            partition by league, team_id, as_of_date
            order by _load_id desc, event_id desc
        ) as sighting_rank
    from competitors
),

standing_teams as (
    select
        *,
        row_number() over (
            partition by league, team_id, as_of_date
            order by _load_id desc, season_year desc, season_type desc
        ) as sighting_rank
    from standings
),

team_days as (
    select sport, league, team_id, as_of_date from teams
    union
    select sport, league, team_id, as_of_date from competitors
    union
    select sport, league, team_id, as_of_date from standings
),

joined as (
    select
        team_days.sport,
        team_days.league,
        team_days.team_id,
        team_days.as_of_date,
        cast(team_days.as_of_date as {{ dbt.type_timestamp() }}) as as_of_timestamp,
        teams.team_slug,
        case when teams.team_id is not null then teams.abbreviation
            else coalesce(competitor_teams.team_abbreviation, standing_teams.team_abbreviation) end as abbreviation,
        case when teams.team_id is not null then teams.display_name
            else coalesce(competitor_teams.team_display_name, standing_teams.team_display_name) end as display_name,
        case when teams.team_id is not null then teams.short_display_name
            else coalesce(competitor_teams.team_short_display_name, standing_teams.team_short_display_name)
        end as short_display_name,
        case when teams.team_id is not null then teams.team_name
            else coalesce(competitor_teams.team_name, standing_teams.team_name) end as team_name,
        teams.nickname,
        case when teams.team_id is not null then teams.location
            else coalesce(competitor_teams.team_location, standing_teams.team_location) end as location,
        case when teams.team_id is not null then teams.color else competitor_teams.team_color end as color,
        case when teams.team_id is not null then teams.alternate_color
            else competitor_teams.team_alternate_color end as alternate_color,
        case when teams.team_id is not null then teams.logo_url else competitor_teams.team_logo_url end as logo_url,
        details.venue_id,
        details.venue_name,
        details.group_id,
        teams.is_active,
        coalesce(teams._load_id, competitor_teams._load_id, standing_teams._load_id) as _load_id,
        coalesce(teams._loaded_at, competitor_teams._loaded_at, standing_teams._loaded_at) as _loaded_at,
        coalesce(teams._run_id, competitor_teams._run_id, standing_teams._run_id) as _run_id,
        coalesce(teams._source, competitor_teams._source, standing_teams._source) as _source,
        {{ build_stamp() }} as _built_at
    from team_days
    left join teams
        on team_days.league = teams.league
        and team_days.team_id = teams.team_id
        and team_days.as_of_date = teams.as_of_date
    left join competitor_teams
        on team_days.league = competitor_teams.league
        and team_days.team_id = competitor_teams.team_id
        and team_days.as_of_date = competitor_teams.as_of_date
        and competitor_teams.sighting_rank = 1
    left join standing_teams
        on team_days.league = standing_teams.league
        and team_days.team_id = standing_teams.team_id
        and team_days.as_of_date = standing_teams.as_of_date
        and standing_teams.sighting_rank = 1
    left join details
        on team_days.league = details.league
        and team_days.team_id = details.team_id
        and team_days.as_of_date = details.as_of_date
)

select * from joined
