{#- Every membership of a many-to-many ever listed (a game's genres, a title's companies, ...): one row per
    entity and member with the first and last as-of date it was listed, the measures and audit columns of its
    newest listing. Incremental: the listings of loads not built yet widen the sightings held, so the first
    sighting survives a member that left and came back without rereading the history.

    members_relation  staging rows (entity key columns, member_natural_key, as_of_date, audit columns, measures)
    entity_key        the entity's durable key: a column name or a list of them (e.g. media_type + tmdb_id)
    measures          extra columns carried from the newest listing (e.g. a tag's vote count) -#}
{% macro membership_history(members_relation, entity_key, member_natural_key, measures=[]) -%}
{%- set entity_keys = [entity_key] if entity_key is string else entity_key -%}
{%- set pair = entity_keys + [member_natural_key] -%}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=pair) }}
with listings as (
    select * from {{ members_relation }}
    {{ loaded_since_last_build() }}
),

ranked as (
    select
        *,
        min(as_of_date) over (partition by {{ pair | join(', ') }}) as first_listed_date,
        row_number() over (partition by {{ pair | join(', ') }} order by as_of_date desc, _load_id desc)
            as recency_rank
    from listings
    where {{ member_natural_key }} is not null
),

{%- if is_incremental() %}

held as (
    select
        {%- for column in pair %}
        held.{{ column }},
        {%- endfor %}
        held.first_seen_date
    from {{ this }} as held
    inner join ranked
        on {% for column in pair %}{{ 'and ' if not loop.first }}held.{{ column }} = ranked.{{ column }} {% endfor %}
        and ranked.recency_rank = 1
),
{%- endif %}

sightings as (
    select
        {%- for column in pair %}
        ranked.{{ column }},
        {%- endfor %}
        {%- for measure in measures %}
        ranked.{{ measure }},
        {%- endfor %}
        {%- if is_incremental() %}
        coalesce(least(held.first_seen_date, ranked.first_listed_date), ranked.first_listed_date) as first_seen_date,
        {%- else %}
        ranked.first_listed_date as first_seen_date,
        {%- endif %}
        ranked.as_of_date as last_seen_date,
        ranked._load_id,
        ranked._loaded_at,
        ranked._run_id,
        ranked._source,
        {{ build_stamp() }} as _built_at
    from ranked
    {%- if is_incremental() %}
    left join held
        on {% for column in pair %}{{ 'and ' if not loop.first }}ranked.{{ column }} = held.{{ column }} {% endfor %}
    {%- endif %}
    where ranked.recency_rank = 1
)

select * from sightings
{%- endmacro %}

{#- A bridge holding the current membership of a many-to-many: one row per entity and member as listed in the
    entity's newest as-of date, with the dates the membership was first and last seen. Keys: the entity's durable
    natural key (one column, or several such as media_type + tmdb_id) and the member's surrogate key (the same
    hash its type 1 dimension uses). Rebuilt whole from the membership history (its size is the catalogue's,
    not the number of days).

    history_relation  the membership_history model of the many-to-many
    latest_relation   one row per entity at its newest as-of date (entity key columns, as_of_date)
    entity_key        the entity's durable key: a column name or a list of them
    measures          extra columns carried from the newest listing (e.g. a tag's vote count)
    listed_on         the column of latest_relation naming the day of the entity's newest listing: as_of_date
                      when every day lists the members, the day of the newest detail read when details are read
                      on a budget (a game's genres come with its storefront details) -#}
{% macro current_membership_bridge(history_relation, latest_relation, entity_key, member_natural_key,
                                   member_key_name, measures=[], listed_on='as_of_date') -%}
{%- set entity_keys = [entity_key] if entity_key is string else entity_key -%}
with history as (
    select * from {{ history_relation }}
),

latest as (
    select * from {{ latest_relation }}
),

current_members as (
    select
        {%- for key in entity_keys %}
        history.{{ key }},
        {%- endfor %}
        {{ surrogate_key(['history.' ~ member_natural_key]) }} as {{ member_key_name }},
        history.{{ member_natural_key }},
        {%- for measure in measures %}
        history.{{ measure }},
        {%- endfor %}
        history.first_seen_date,
        history.last_seen_date,
        history._load_id,
        history._loaded_at,
        history._run_id,
        history._source,
        {{ build_stamp() }} as _built_at
    from history
    inner join latest
        on {% for key in entity_keys %}history.{{ key }} = latest.{{ key }} and {% endfor -%}
        history.last_seen_date = latest.{{ listed_on }}
)

select * from current_members
{%- endmacro %}
