{#- A bridge holding the current membership of a many-to-many: one row per entity and member as listed in the
    entity's newest as-of date, with the dates the membership was first and last seen. Keys: the entity's durable
    natural key (one column, or several such as media_type + tmdb_id) and the member's surrogate key (the same
    hash its type 1 dimension uses).

    members_relation  staging rows (entity key columns, member_natural_key, as_of_date, audit columns, measures)
    latest_relation   one row per entity at its newest as-of date (entity key columns, as_of_date)
    entity_key        the entity's durable key: a column name or a list of them
    measures          extra columns carried from the newest rows (e.g. a tag's vote count) -#}
{% macro current_membership_bridge(members_relation, latest_relation, entity_key, member_natural_key,
                                   member_key_name, measures=[]) -%}
{%- set entity_keys = [entity_key] if entity_key is string else entity_key -%}
with members as (
    select * from {{ members_relation }}
    where {{ member_natural_key }} is not null
),

latest as (
    select * from {{ latest_relation }}
),

first_seen as (
    select
        {{ entity_keys | join(', ') }},
        {{ member_natural_key }},
        min(as_of_date) as first_seen_date
    from members
    group by {{ entity_keys | join(', ') }}, {{ member_natural_key }}
),

current_members as (
    select
        {%- for key in entity_keys %}
        members.{{ key }},
        {%- endfor %}
        {{ surrogate_key(['members.' ~ member_natural_key]) }} as {{ member_key_name }},
        members.{{ member_natural_key }},
        {%- for measure in measures %}
        members.{{ measure }},
        {%- endfor %}
        first_seen.first_seen_date,
        members.as_of_date as last_seen_date,
        members._load_id,
        members._loaded_at,
        members._run_id,
        members._source
    from members
    inner join latest
        on {% for key in entity_keys %}members.{{ key }} = latest.{{ key }} and {% endfor -%}
        members.as_of_date = latest.as_of_date
    inner join first_seen
        on {% for key in entity_keys %}members.{{ key }} = first_seen.{{ key }} and {% endfor -%}
        members.{{ member_natural_key }} = first_seen.{{ member_natural_key }}
)

select * from current_members
{%- endmacro %}
