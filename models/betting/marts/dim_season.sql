-- Type 1: one row per league, season year and season type. Names and dates come from the seasons ESPN lists
-- with its standings; seasons that games or standings refer to are included even when that list lacks them.
with season_types as (
    select * from {{ ref('stg_espn__season_types') }}
),

events as (
    select * from {{ ref('stg_espn__events') }}
),

standings as (
    select * from {{ ref('stg_espn__standings') }}
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
        row_number() over (
            partition by league, season_year, season_type order by as_of_date desc, _load_id desc
        ) as recency_rank,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from observed
    where season_year is not null and season_type is not null
),

members as (
    select
        {{ surrogate_key(['league', 'season_year', 'season_type']) }} as season_key,
        {{ surrogate_key(['league']) }} as league_key,
        league,
        sport,
        season_year,
        season_type,
        season_type_name,
        season_type_abbreviation,
        season_display_name,
        starts_at_utc,
        ends_at_utc,
        has_standings,
        first_seen_date,
        last_seen_date,
        false as is_unknown_member,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from resolved
    where recency_rank = 1
),

unknown_member as (
    {{ type1_unknown_member(
        'season_key',
        [
            'league_key', 'league', 'sport', 'season_year', 'season_type', 'season_type_name',
            'season_type_abbreviation', 'season_display_name', 'starts_at_utc', 'ends_at_utc', 'has_standings',
        ],
        values={'league_key': unknown_key()},
    ) }}
)

select * from members
union all
select * from unknown_member
