{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['league', 'team_id', 'season_year', 'season_type', 'date_key', 'stat_name'],
    on_schema_change='append_new_columns',
) }}

-- Every standings stat ESPN sent, long: one row per team per season per as-of date per stat name. Stats that
-- fct_team_standings_daily maps to columns are flagged; the others (names differ by sport) are kept here as sent.
with stats as (
    select * from {{ ref('stg_espn__standing_stats') }}
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
    from stats
    {{ loaded_since_last_build() }}
),

keyed as (
    select
        coalesce(teams.team_key, {{ unknown_key() }}) as team_key,
        coalesce(leagues.league_key, {{ unknown_key() }}) as league_key,
        coalesce(seasons.season_key, {{ unknown_key() }}) as season_key,
        {{ date_key('stats.as_of_date') }} as date_key,
        stats.league,
        stats.team_id,
        stats.season_year,
        stats.season_type,
        stats.as_of_date,
        stats.stat_name,
        stats.stat_type,
        stats.stat_abbreviation,
        stats.stat_display_name,
        stats.stat_description,
        stats.stat_value,
        stats.display_value,
        stats.summary,
        {{ betting_is_mapped_stat('stats.stat_name', 'stats.sport') }} as is_mapped,
        stats._load_id,
        stats._loaded_at,
        stats._run_id,
        stats._source,
        {{ build_stamp() }} as _built_at
    from stats
    inner join as_of_dates_to_build
        on stats.as_of_date = as_of_dates_to_build.as_of_date
    left join teams
        on {{ betting_team_version('teams', 'stats.league', 'stats.team_id', 'stats.as_of_date') }}
    left join leagues
        on stats.league = leagues.league
    left join seasons
        on stats.league = seasons.league
        and stats.season_year = seasons.season_year
        and stats.season_type = seasons.season_type
)

select * from keyed
