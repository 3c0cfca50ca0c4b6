{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['tmdb_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_media', 'movie_details') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['id', 'as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        _dlt_id as _raw_row_id,
        'movie' as media_type,
        cast(id as integer) as tmdb_id,
        cast(as_of_date as date) as as_of_date,
        nullif(trim(title), '') as title,
        nullif(trim(original_title), '') as original_title,
        nullif(trim(original_language), '') as original_language,
        {{ media_text_to_date('release_date') }} as release_date,
        nullif(trim(status), '') as status,
        -- TMDb sends 0 for an unknown runtime, budget or revenue: unknown stays NULL, it is not zero.
        cast(nullif(runtime, 0) as integer) as runtime_minutes,
        cast(nullif(budget, 0) as bigint) as budget_usd,
        cast(nullif(revenue, 0) as bigint) as revenue_usd,
        nullif(trim(overview), '') as overview,
        cast(adult as {{ dbt.type_boolean() }}) as is_adult,
        cast(popularity as double precision) as popularity,
        case when vote_count > 0 then cast(vote_average as double precision) end as vote_average,
        cast(vote_count as bigint) as vote_count,
        nullif(trim(imdb_id), '') as imdb_id,
        nullif(trim(homepage), '') as homepage,
        nullif(trim(tagline), '') as tagline,
        cast(belongs_to_collection__id as integer) as collection_id,
        nullif(trim(belongs_to_collection__name), '') as collection_name,
        {{ audit_columns('tmdb') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
