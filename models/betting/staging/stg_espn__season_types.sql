{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['league', 'season_year', 'as_of_date']) }}

-- One row per league, season and season type per as-of date, from the `seasons` list of the standings answers.
-- Incremental on the grain of that list: a newer load of a season replaces all its types.
with seasons as (
    select * from {{ source('raw_betting', 'seasons') }}
    {{ new_loads() }}
),

types as (
    select * from {{ source('raw_betting', 'seasons__types') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['league_slug', 'year', 'as_of_date']) }} as load_rank
    from seasons
),

renamed as (
    select
        cast(latest_load.sport_slug as {{ dbt.type_string() }}) as sport,
        cast(latest_load.league_slug as {{ dbt.type_string() }}) as league,
        cast(latest_load.year as integer) as season_year,
        {{ text_to_integer('types.id') }} as season_type,
        cast(latest_load.as_of_date as date) as as_of_date,
        nullif(trim(latest_load.display_name), '') as season_display_name,
        nullif(trim(types.name), '') as season_type_name,
        nullif(trim(types.abbreviation), '') as season_type_abbreviation,
        {{ betting_espn_timestamp('types.start_date') }} as starts_at_utc,
        {{ betting_espn_timestamp('types.end_date') }} as ends_at_utc,
        types.has_standings,
        latest_load._dlt_load_id as _load_id,
        {{ dlt_load_timestamp('latest_load._dlt_load_id') }} as _loaded_at,
        latest_load._run_id,
        'espn_standings' as _source,
        {{ build_stamp() }} as _built_at
    from latest_load
    inner join types
        on types._dlt_parent_id = latest_load._dlt_id
    where latest_load.load_rank = 1
)

select * from renamed
