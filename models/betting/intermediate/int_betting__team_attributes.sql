-- One row per team per league per as-of date with every attribute dim_team tracks: the team list's names,
-- colours and logo, and the home venue from the team endpoint.
with teams as (
    select * from {{ ref('stg_espn__teams') }}
),

details as (
    select * from {{ ref('stg_espn__team_details') }}
),

joined as (
    select
        teams.sport,
        teams.league,
        teams.team_id,
        teams.as_of_date,
        cast(teams.as_of_date as {{ dbt.type_timestamp() }}) as as_of_timestamp,
        teams.team_slug,
        teams.abbreviation,
        teams.display_name,
        teams.short_display_name,
        teams.team_name,
        teams.nickname,
        teams.location,
        teams.color,
        teams.alternate_color,
        teams.logo_url,
        details.venue_id,
        details.venue_name,
        details.group_id,
        teams.is_active,
        teams._load_id,
        teams._loaded_at,
        teams._run_id,
        teams._source
    from teams
    left join details
        on teams.league = details.league
        and teams.team_id = details.team_id
        and teams.as_of_date = details.as_of_date
)

select * from joined
