-- Fails with each bridge row whose title (media type, TMDb id) has no current dim_title version: the bridges key
-- titles by their durable composite key, which a generic relationships test cannot check.
{%- set bridges = ['bridge_title_genre', 'bridge_title_company', 'bridge_title_language', 'bridge_title_network'] %}

with bridged as (
    {%- for bridge in bridges %}
    select distinct
        '{{ bridge }}' as bridge,
        media_type,
        tmdb_id
    from {{ ref(bridge) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

current_titles as (
    select * from {{ ref('dim_title') }}
    where is_current and not is_unknown_member
)

select bridged.*
from bridged
left join current_titles
    on bridged.media_type = current_titles.media_type
    and bridged.tmdb_id = current_titles.tmdb_id
where current_titles.title_key is null
