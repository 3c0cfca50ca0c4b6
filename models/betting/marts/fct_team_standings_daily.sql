{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['league', 'team_id', 'season_year', 'season_type', 'date_key'],
    on_schema_change='append_new_columns',
) }}

-- Periodic snapshot: one row per team per season (year and type) per as-of date. An incremental run processes
-- the as-of dates that received a load since the last build; delete+insert on the grain makes a same-day re-run
-- replace its rows instead of adding to them.
with standings as (
    select * from {{ ref('int_betting__team_standings') }}
),

teams as (
    select * from {{ ref('dim_team') }}
    where not is_unknown_member
),

leagues as (
    select * from {{ ref('dim_league') }}
    where not is_unknown_member
),

seasons as (
    select * from {{ ref('dim_season') }}
    where not is_unknown_member
),

as_of_dates_to_build as (
    select distinct as_of_date
    from standings
    {{ loaded_since_last_build() }}
),

keyed as (
    select
        coalesce(teams.team_key, {{ unknown_key() }}) as team_key,
        coalesce(leagues.league_key, {{ unknown_key() }}) as league_key,
        coalesce(seasons.season_key, {{ unknown_key() }}) as season_key,
        {{ date_key('standings.as_of_date') }} as date_key,
        standings.league,
        standings.team_id,
        standings.season_year,
        standings.season_type,
        standings.as_of_date,
        standings.group_id,
        standings.group_name,
        standings.wins,
        standings.losses,
        standings.ties,
        standings.ot_losses,
        standings.games_played,
        standings.win_percent,
        standings.points_for,
        standings.points_against,
        standings.point_differential,
        standings.games_behind,
        standings.playoff_seed,
        standings.standings_points,
        standings.streak_type,
        standings.streak_length,
        standings.clinch_indicator,
        standings.record_summary,
        standings._load_id,
        standings._loaded_at,
        standings._run_id,
        standings._source,
        {{ build_stamp() }} as _built_at
    from standings
    inner join as_of_dates_to_build
        on standings.as_of_date = as_of_dates_to_build.as_of_date
    left join teams
        on {{ betting_team_version('teams', 'standings.league', 'standings.team_id', 'standings.as_of_date') }}
    left join leagues
        on standings.league = leagues.league
    left join seasons
        on standings.league = seasons.league
        and standings.season_year = seasons.season_year
        and standings.season_type = seasons.season_type
)

select * from keyed
