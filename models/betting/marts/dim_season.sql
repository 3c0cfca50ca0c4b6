{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['league', 'season_year', 'season_type'],
) }}

-- Type 1: one row per league, season year and season type. Names and dates come from the seasons ESPN lists
-- with its standings; seasons that games or standings refer to are included even when that list lacks them.
-- Incremental: the seasons of loads not built yet are merged into the ones held (an attribute the new loads
-- leave NULL keeps its held value; first and last sightings widen); the unknown member is written by full builds.
with season_types as (
    select * from {{ ref('stg_espn__season_types') }}
    {{ loaded_since_last_build() }}
),

events as (
    select * from {{ ref('stg_espn__events') }}
    {{ loaded_since_last_build() }}
),

standings as (
    select * from {{ ref('stg_espn__standings') }}
    {{ loaded_since_last_build() }}
),

observed as (
    select
        sport,
        league,
        season_year,
        season_type,
        season_display_name,
        season_type_name,
        season_type_abbreviation,
        starts_at_utc,
        ends_at_utc,
        has_standings,
        as_of_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from season_types
    union all
    select distinct
        sport,
        league,
        season_year,
        season_type,
        season_display_name,
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_timestamp() }}),
        cast(null as {{ dbt.type_timestamp() }}),
        cast(null as {{ dbt.type_boolean() }}),
        as_of_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from standings
    union all
    select distinct
        sport,
        league,
        season_year,
        season_type,
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_timestamp() }}),
        cast(null as {{ dbt.type_timestamp() }}),
        cast(null as {{ dbt.type_boolean() }}),
        as_of_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from events
),

resolved as (
    select
        sport,
        league,
        season_year,
        season_type,
        {%- for attribute in ['season_display_name', 'season_type_name', 'season_type_abbreviation',
                              'starts_at_utc', 'ends_at_utc', 'has_standings'] %}
        {{ betting_newest_value(attribute, ['league', 'season_year', 'season_type']) }} as {{ attribute }},
        {%- endfor %}
        min(as_of_date) over (partition by league, season_year, season_type) as first_seen_date,
        max(as_of_date) over (partition by league, season_year, season_type) as last_seen_date,
        -- The seasons list and standings ('espn_standings') before the scoreboards of the same load, so the
        -- audit columns do not depend on the order rows are read in.
        row_number() over (
            partition by league, season_year, season_type order by as_of_date desc, _load_id desc, _source desc
        ) as recency_rank,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from observed
    where season_year is not null and season_type is not null
),

{%- if is_incremental() %}

held as (
    select held.*
    from {{ this }} as held
    inner join resolved
        on held.league = resolved.league
        and held.season_year = resolved.season_year
        and held.season_type = resolved.season_type
        and resolved.recency_rank = 1
),
{%- endif %}

members as (
    select
        {{ surrogate_key(['resolved.league', 'resolved.season_year', 'resolved.season_type']) }} as season_key,
        {{ surrogate_key(['resolved.league']) }} as league_key,
        resolved.league,
        resolved.sport,
        resolved.season_year,
        resolved.season_type,
        {%- for attribute in ['season_type_name', 'season_type_abbreviation', 'season_display_name',
                              'starts_at_utc', 'ends_at_utc', 'has_standings'] %}
        {%- if is_incremental() %}
        coalesce(resolved.{{ attribute }}, held.{{ attribute }}) as {{ attribute }},
        {%- else %}
        resolved.{{ attribute }},
        {%- endif %}
        {%- endfor %}
        {{ widened_sightings('resolved') }},
        false as is_unknown_member,
        resolved._load_id,
        resolved._loaded_at,
        resolved._run_id,
        resolved._source,
        {{ build_stamp() }} as _built_at
    from resolved
    {%- if is_incremental() %}
    left join held
        on resolved.league = held.league
        and resolved.season_year = held.season_year
        and resolved.season_type = held.season_type
    {%- endif %}
    where resolved.recency_rank = 1
)

select * from members
{%- if not is_incremental() %}
union all
{{ type1_unknown_member(
    'season_key',
    [
        'league_key', 'league', 'sport', 'season_year', 'season_type', 'season_type_name',
        'season_type_abbreviation', 'season_display_name', 'starts_at_utc', 'ends_at_utc', 'has_standings',
    ],
    values={'league_key': unknown_key()},
) }}
{%- endif %}
