-- Type 1: one row per ESPN venue id, from teams' home venues and the venues games were played at. Each attribute
-- is its newest non-NULL value (capacity and country come only with some scoreboards, grass only with teams).
with details as (
    select * from {{ ref('stg_espn__team_details') }}
),

events as (
    select * from {{ ref('stg_espn__events') }}
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

members as (
    select
        {{ surrogate_key(['venue_id']) }} as venue_key,
        venue_id,
        venue_name,
        venue_city as city,
        venue_state as state,
        venue_country as country,
        venue_zip_code as zip_code,
        capacity,
        is_indoor,
        has_grass,
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
        'venue_key',
        [
            'venue_id', 'venue_name', 'city', 'state', 'country', 'zip_code', 'capacity', 'is_indoor',
            'has_grass',
        ],
    ) }}
)

select * from members
union all
select * from unknown_member
