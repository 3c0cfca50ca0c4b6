{#- The rows of one nested list of both details tables (movie_details__<child> and tv_details__<child>), each with
    the media type, TMDb id and as-of date of its deduplicated parent row (dlt child tables carry only
    _dlt_parent_id), plus the parent's audit columns.

    child     the child table's suffix, e.g. 'genres'
    columns   {output column: expression over the child row `c`}
    media_types  which details tables have the child ('movie', 'tv')

    Incremental like every child staging model: the rows of new loads are appended, after the rows of each title
    whose details came with a newer load are deleted (one pre-hook per details table). -#}
{% macro media_details_children(child, columns, media_types=['movie', 'tv']) -%}
    {%- set pre_hooks = [] -%}
    {%- for media_type in media_types -%}
        {%- do pre_hooks.append(
            "{{ delete_superseded_children(ref('stg_tmdb__" ~ media_type ~ "_details'), "
            ~ "['media_type', 'tmdb_id', 'as_of_date']) }}"
        ) -%}
    {%- endfor -%}
    {{ config(materialized='incremental', incremental_strategy='append', pre_hook=pre_hooks) }}
    {%- for media_type in media_types %}
    select
        parent.media_type,
        parent.tmdb_id,
        parent.as_of_date,
        {%- for name, expression in columns.items() %}
        {{ expression }} as {{ name }},
        {%- endfor %}
        cast(c._dlt_list_idx as integer) as listed_position,
        parent._load_id,
        parent._loaded_at,
        parent._run_id,
        parent._source,
        {{ build_stamp() }} as _built_at
    from (
        select * from {{ source('raw_media', media_type ~ '_details__' ~ child) }}
        {{ new_loads() }}
    ) as c
    inner join (
        select * from {{ ref('stg_tmdb__' ~ media_type ~ '_details') }}
        {{ loaded_since_last_build() }}
    ) as parent
        on c._dlt_parent_id = parent._raw_row_id
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
