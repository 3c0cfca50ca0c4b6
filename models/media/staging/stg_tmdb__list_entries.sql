{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['list_name', 'media_type', 'tmdb_id', 'as_of_date'],
    on_schema_change='append_new_columns',
) }}

-- The five paged lists in one shape: one row per list, title and as-of date. Movies carry title/release_date and
-- shows name/first_air_date; trending carries either per row, and people (media_type 'person') too.
{%- set lists = ['movie_popular', 'tv_popular', 'discover_movie', 'discover_tv', 'trending_all_day'] %}
{#- Every one of these columns exists in every list table: the source declares them as column hints. #}
{%- set columns = [
    'media_type', 'id', 'as_of_date', 'list_position', 'title', 'name', 'original_title', 'original_name',
    'original_language', 'release_date', 'first_air_date', 'overview', 'adult', 'popularity', 'vote_average',
    'vote_count', '_run_id',
] %}

with unioned as (
    {%- for list_name in lists %}
    select
        '{{ list_name }}' as list_name,
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        {#- Only discover can be split by release year (the source's `discover_years`). #}
        {{ 'discover_year' if list_name.startswith('discover_') else 'cast(null as bigint) as discover_year' }},
        _dlt_load_id
    from {{ source('raw_media', list_name) }}
    {{ new_loads() }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

latest_load as (
    select
        *,
        -- Within the newest load a title can appear twice when the ranking moves while pages are read; the
        -- better position wins.
        row_number() over (
            partition by list_name, media_type, id, as_of_date
            order by _dlt_load_id desc, list_position asc
        ) as load_rank
    from unioned
),

renamed as (
    select
        list_name,
        cast(media_type as {{ dbt.type_string() }}) as media_type,
        cast(id as integer) as tmdb_id,
        cast(as_of_date as date) as as_of_date,
        cast(list_position as integer) as list_position,
        cast(discover_year as integer) as discover_year,
        nullif(trim(coalesce(title, name)), '') as title,
        nullif(trim(coalesce(original_title, original_name)), '') as original_title,
        nullif(trim(original_language), '') as original_language,
        {{ media_text_to_date('coalesce(release_date, first_air_date)') }} as release_date,
        nullif(trim(overview), '') as overview,
        cast(adult as {{ dbt.type_boolean() }}) as is_adult,
        cast(popularity as double precision) as popularity,
        -- TMDb sends 0 as the average of no votes; with no votes there is no average.
        case when vote_count > 0 then cast(vote_average as double precision) end as vote_average,
        cast(vote_count as bigint) as vote_count,
        {{ audit_columns('tmdb') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
