{#- A bridge holding the current membership of a many-to-many: one row per entity and member as listed in the
    entity's newest as-of date, with the date the membership was first seen. Keys: the entity's durable natural
    key and the member's surrogate key (the same hash its type 1 dimension uses).

    members_relation  staging rows (entity_key, member_natural_key, as_of_date, audit columns, measures)
    latest_relation   one row per entity at its newest as-of date (entity_key, as_of_date)
    measures          extra columns carried from the newest rows (e.g. a tag's vote count) -#}
{% macro current_membership_bridge(members_relation, latest_relation, entity_key, member_natural_key,
                                   member_key_name, measures=[]) -%}
with members as (
    select * from {{ members_relation }}
),

latest as (
    select * from {{ latest_relation }}
),

first_seen as (
    select
        {{ entity_key }},
        {{ member_natural_key }},
        min(as_of_date) as first_seen_date
    from members
    group by {{ entity_key }}, {{ member_natural_key }}
),

current_members as (
    select
        members.{{ entity_key }},
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
        on members.{{ entity_key }} = latest.{{ entity_key }}
        and members.as_of_date = latest.as_of_date
    inner join first_seen
        on members.{{ entity_key }} = first_seen.{{ entity_key }}
        and members.{{ member_natural_key }} = first_seen.{{ member_natural_key }}
)

select * from current_members
{%- endmacro %}
