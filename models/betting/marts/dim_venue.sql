{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='venue_id') }}

-- Type 1: one row per ESPN venue id, from teams' home venues and the venues games were played at. Each attribute
-- is its newest non-NULL value (capacity and country come only with some scoreboards, grass only with teams).
-- Incremental: the venues of loads not built yet are merged into the ones held (an attribute the new loads leave
-- NULL keeps its held value; first and last sightings widen); the unknown member is written by full builds.
with details as (
    select * from {{ ref('stg_espn__team_details') }}
    {{ loaded_since_last_build() }}
),

events as (
    select * from {{ ref('stg_espn__events') }}
    {{ loaded_since_last_build() }}
),

observed as (
    select
        venue_id,
        venue_name,
        venue_city,
        venue_state,
        cast(null as {{ dbt.type_string() }}) as venue_country,
        venue_zip_code,
        cast(null as integer) as capacity,
        venue_is_indoor as is_indoor,
        venue_has_grass as has_grass,
        as_of_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from details
    where venue_id is not null
    union all
    select
        venue_id,
        venue_name,
        venue_city,
        venue_state,
        venue_country,
        cast(null as {{ dbt.type_string() }}) as venue_zip_code,
        venue_capacity as capacity,
        venue_is_indoor as is_indoor,
        cast(null as {{ dbt.type_boolean() }}) as has_grass,
        as_of_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from events
    where venue_id is not null
),

resolved as (
    select
        venue_id,
        {%- for attribute in ['venue_name', 'venue_city', 'venue_state', 'venue_country', 'venue_zip_code',
                              'capacity', 'is_indoor', 'has_grass'] %}
        {{ betting_newest_value(attribute, ['venue_id']) }} as {{ attribute }},
        {%- endfor %}
        min(as_of_date) over (partition by venue_id) as first_seen_date,
        max(as_of_date) over (partition by venue_id) as last_seen_date,
        row_number() over (partition by venue_id order by as_of_date desc, _load_id desc) as recency_rank,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from observed
),

{%- if is_incremental() %}

held as (
    select held.*
    from {{ this }} as held
    inner join resolved
        on held.venue_id = resolved.venue_id
        and resolved.recency_rank = 1
),
{%- endif %}

members as (
    select
        {{ surrogate_key(['resolved.venue_id']) }} as venue_key,
        resolved.venue_id,
        {%- for attribute, column in [('venue_name', 'venue_name'), ('venue_city', 'city'), ('venue_state', 'state'),
                                      ('venue_country', 'country'), ('venue_zip_code', 'zip_code'),
                                      ('capacity', 'capacity'), ('is_indoor', 'is_indoor'),
                                      ('has_grass', 'has_grass')] %}
        {%- if is_incremental() %}
        coalesce(resolved.{{ attribute }}, held.{{ column }}) as {{ column }},
        {%- else %}
        resolved.{{ attribute }} as {{ column }},
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
        on resolved.venue_id = held.venue_id
    {%- endif %}
    where resolved.recency_rank = 1
)

select * from members
{%- if not is_incremental() %}
union all
{{ type1_unknown_member(
    'venue_key',
    ['venue_id', 'venue_name', 'city', 'state', 'country', 'zip_code', 'capacity', 'is_indoor', 'has_grass'],
) }}
{%- endif %}
