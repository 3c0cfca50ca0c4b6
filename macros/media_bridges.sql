{#- A bridge holding a title's current members of a many-to-many (genres, companies, languages, networks): one row
    per title and member as listed on the title's newest as-of date, with the dates the membership was first and
    last seen. Like `current_membership_bridge`, but keyed by the title's composite durable key
    (media_type, tmdb_id): movie and TV ids are separate number spaces.

    members_relation  staging rows (media_type, tmdb_id, as_of_date, member_natural_key, audit columns, attributes)
    latest_relation   one row per title at its newest as-of date (media_type, tmdb_id, as_of_date)
    attributes        extra member columns carried from the newest rows (e.g. the position TMDb listed it at) -#}
{% macro media_title_bridge(members_relation, latest_relation, member_natural_key, member_key_name,
                            attributes=[]) -%}
with members as (
    select * from {{ members_relation }}
),

latest as (
    select * from {{ latest_relation }}
),

first_seen as (
    select
        media_type,
        tmdb_id,
        {{ member_natural_key }},
        min(as_of_date) as first_seen_date
    from members
    group by media_type, tmdb_id, {{ member_natural_key }}
),

current_members as (
    select
        members.media_type,
        members.tmdb_id,
        {{ surrogate_key(['members.' ~ member_natural_key]) }} as {{ member_key_name }},
        members.{{ member_natural_key }},
        {%- for attribute in attributes %}
        members.{{ attribute }},
        {%- endfor %}
        first_seen.first_seen_date,
        members.as_of_date as last_seen_date,
        members._load_id,
        members._loaded_at,
        members._run_id,
        members._source
    from members
    inner join latest
        on members.media_type = latest.media_type
        and members.tmdb_id = latest.tmdb_id
        and members.as_of_date = latest.as_of_date
    inner join first_seen
        on members.media_type = first_seen.media_type
        and members.tmdb_id = first_seen.tmdb_id
        and members.{{ member_natural_key }} = first_seen.{{ member_natural_key }}
    where members.{{ member_natural_key }} is not null
)

select * from current_members
{%- endmacro %}
