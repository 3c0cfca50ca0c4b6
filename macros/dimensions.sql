{#- A type 1 dimension from a staging model that lists its members per as-of date (tags of each game, genres
    of each game, ...): one row per natural key with the newest attribute values, when it was first and last
    seen, the audit columns of the newest load, and the unknown member (key '-1', natural key NULL).
    Incremental: the members of loads not built yet are merged into the ones held (newest values win, first and
    last sightings widen), so a build reads the new day and not the whole history.

    relation     the staging model (must have as_of_date, _load_id, _loaded_at, _run_id, _source)
    key_name     the surrogate key column to produce, e.g. 'genre_key'
    natural_key  the natural key column, e.g. 'genre_id'
    attributes   other columns to carry, newest value wins -#}
{% macro type1_dimension(relation, key_name, natural_key, attributes=[]) -%}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=natural_key) }}
with members_by_day as (
    select * from {{ relation }}
    {{ loaded_since_last_build() }}
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

{%- if is_incremental() %}

held as (
    select
        {{ natural_key }},
        first_seen_date,
        last_seen_date
    from {{ this }}
    where {{ natural_key }} in (select {{ natural_key }} from ranked)
),
{%- endif %}

members as (
    select
        {{ surrogate_key(['ranked.' ~ natural_key]) }} as {{ key_name }},
        ranked.{{ natural_key }},
        {%- for attribute in attributes %}
        ranked.{{ attribute }},
        {%- endfor %}
        {{ widened_sightings('ranked') }},
        false as is_unknown_member,
        ranked._load_id,
        ranked._loaded_at,
        ranked._run_id,
        ranked._source,
        {{ build_stamp() }} as _built_at
    from ranked
    {%- if is_incremental() %}
    left join held
        on ranked.{{ natural_key }} = held.{{ natural_key }}
    {%- endif %}
    where ranked.recency_rank = 1
)

select * from members
{%- if not is_incremental() %}
union all
{{ type1_unknown_member(key_name, [natural_key] + attributes) }}
{%- endif %}
{%- endmacro %}

{#- A member's first and last sighting: on an incremental build, the new slice's (`relation`) widened by the ones
    the dimension holds (`held`, left-joined on the natural key); on a full build, the slice's own. -#}
{% macro widened_sightings(relation) -%}
    {%- if is_incremental() -%}
        coalesce(least(held.first_seen_date, {{ relation }}.first_seen_date), {{ relation }}.first_seen_date)
            as first_seen_date,
        coalesce(greatest(held.last_seen_date, {{ relation }}.last_seen_date), {{ relation }}.last_seen_date)
            as last_seen_date
    {%- else -%}
        {{ relation }}.first_seen_date,
        {{ relation }}.last_seen_date
    {%- endif -%}
{%- endmacro %}

{#- An SCD type 2 dimension from a dbt snapshot: one row per version with the version key (MD5 of the natural
    key and valid_from), the durable natural key, the tracked attributes, valid_from (inclusive), valid_to
    (exclusive, end_of_time() while current), is_current and version_number, plus the unknown member (key '-1').
    Validity is the snapshot's, which takes it from the runs' as-of dates (updated_at), not the wall clock.

    snapshot     the snapshot relation (with the audit columns _load_id, _loaded_at, _run_id, _source)
    version_key  the version key column to produce, e.g. 'game_key'
    natural_key  the durable key column(s), e.g. ['app_id']
    attributes   columns to carry; an entry may be an expression with an alias ('extract(...) as release_year')
    unknown_values  what the unknown member holds instead of NULL, by column (e.g. its foreign keys: '-1') -#}
{% macro scd2_dimension(snapshot, version_key, natural_key, attributes, unknown_values={}) -%}
{%- set columns = natural_key + attributes -%}
with snapshot as (
    select * from {{ snapshot }}
),

versions as (
    select
        {{ surrogate_key(natural_key + ['cast(dbt_valid_from as date)']) }} as {{ version_key }},
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        cast(dbt_valid_from as date) as valid_from,
        coalesce(cast(dbt_valid_to as date), {{ end_of_time() }}) as valid_to,
        dbt_valid_to is null as is_current,
        cast(row_number() over (partition by {{ natural_key | join(', ') }} order by dbt_valid_from) as integer)
            as version_number,
        false as is_unknown_member,
        _load_id,
        _loaded_at,
        _run_id,
        _source,
        {{ build_stamp() }} as _built_at
    from snapshot
),

unknown_member as (
    select
        {{ unknown_key() }} as {{ version_key }},
        {%- for column in columns %}
        {%- set name = column.split(' as ')[-1] | trim %}
        {{ unknown_values.get(name, 'null') }} as {{ name }},
        {%- endfor %}
        cast('1900-01-01' as date) as valid_from,
        {{ end_of_time() }} as valid_to,
        true as is_current,
        1 as version_number,
        true as is_unknown_member,
        null as _load_id,
        null as _loaded_at,
        null as _run_id,
        'starline' as _source,
        {{ build_stamp() }} as _built_at
)

select * from versions
union all
select * from unknown_member
{%- endmacro %}

{#- The unknown member of a type 1 dimension: key '-1', NULL natural key and attributes (or `values` for
    columns that must not be NULL, such as its own foreign keys), no first or last sighting, the usual audit
    columns. Its columns follow the members' order: key, `columns`, first_seen_date, last_seen_date,
    is_unknown_member, audit columns. -#}
{% macro type1_unknown_member(key_name, columns, values={}) -%}
    select
        {{ unknown_key() }} as {{ key_name }},
        {%- for column in columns %}
        {{ values.get(column, 'null') }} as {{ column }},
        {%- endfor %}
        cast(null as date) as first_seen_date,
        cast(null as date) as last_seen_date,
        true as is_unknown_member,
        null as _load_id,
        null as _loaded_at,
        null as _run_id,
        'starline' as _source,
        {{ build_stamp() }} as _built_at
{%- endmacro %}
