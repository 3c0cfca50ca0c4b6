{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_superseded_children(ref('stg_espn__standings'), ['league', 'team_id', 'season_year', 'season_type', 'as_of_date']) }}",
) }}

-- Every stat of every standings row, long: one row per team, season, as-of date and stat name, whatever the
-- name. Names differ by sport; nothing is dropped here (fct_team_standings_daily maps the known ones).
with stats as (
    select * from {{ source('raw_betting', 'standings__stats') }}
    {{ new_loads() }}
),

standings as (
    select * from {{ ref('stg_espn__standings') }}
    {{ loaded_since_last_build() }}
),

renamed as (
    select
        standings.sport,
        standings.league,
        standings.team_id,
        standings.season_year,
        standings.season_type,
        standings.as_of_date,
        trim(stats.name) as stat_name,
        nullif(trim(stats.type), '') as stat_type,
        nullif(trim(stats.abbreviation), '') as stat_abbreviation,
        nullif(trim(stats.display_name), '') as stat_display_name,
        nullif(trim(stats.description), '') as stat_description,
        -- Record stats ("overall", "Home") have no value, only a summary such as '41-11'.
        stats.value as stat_value,
        nullif(trim(stats.display_value), '') as display_value,
        nullif(trim(stats.summary), '') as summary,
        standings._load_id,
        standings._loaded_at,
        standings._run_id,
        standings._source,
        {{ build_stamp() }} as _built_at
    from stats
    inner join standings
        on stats._dlt_parent_id = standings._raw_row_id
    where nullif(trim(stats.name), '') is not null
)

select * from renamed
