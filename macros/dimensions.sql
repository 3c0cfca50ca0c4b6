{#- A type 1 dimension from a staging model that lists its members per as-of date (tags of each game, genres
    of each game, ...): one row per natural key with the newest attribute values, when it was first and last
    seen, the audit columns of the newest load, and the unknown member (key '-1', natural key NULL).

    relation     the staging model (must have as_of_date, _load_id, _loaded_at, _run_id, _source)
    key_name     the surrogate key column to produce, e.g. 'genre_key'
    natural_key  the natural key column, e.g. 'genre_id'
    attributes   other columns to carry, newest value wins -#}
{% macro type1_dimension(relation, key_name, natural_key, attributes=[]) -%}
with members_by_day as (
    select * from {{ relation }}
),

ranked as (
    select
        {{ natural_key }},
        {%- for attribute in attributes %}
        {{ attribute }},
        {%- endfor %}
        min(as_of_date) over (partition by {{ natural_key }}) as first_seen_date,
        max(as_of_date) over (partition by {{ natural_key }}) as last_seen_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source,
        row_number() over (partition by {{ natural_key }} order by as_of_date desc, _load_id desc) as recency_rank
    from members_by_day
    where {{ natural_key }} is not null
),

members as (
    select
        {{ surrogate_key([natural_key]) }} as {{ key_name }},
        {{ natural_key }},
        {%- for attribute in attributes %}
        {{ attribute }},
        {%- endfor %}
        first_seen_date,
        last_seen_date,
        false as is_unknown_member,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from ranked
    where recency_rank = 1
),

unknown_member as (
    select
        {{ unknown_key() }} as {{ key_name }},
        null as {{ natural_key }},
        {%- for attribute in attributes %}
        null as {{ attribute }},
        {%- endfor %}
        cast(null as date) as first_seen_date,
        cast(null as date) as last_seen_date,
        true as is_unknown_member,
        cast(null as {{ dbt.type_string() }}) as _load_id,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at,
        cast(null as {{ dbt.type_string() }}) as _run_id,
        'starline' as _source
)

select * from members
union all
select * from unknown_member
{%- endmacro %}
