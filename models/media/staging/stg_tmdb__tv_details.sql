{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['tmdb_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_media', 'tv_details') }}
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
        'tv' as media_type,
        cast(id as integer) as tmdb_id,
        cast(as_of_date as date) as as_of_date,
        nullif(trim(name), '') as title,
        nullif(trim(original_name), '') as original_title,
        nullif(trim(original_language), '') as original_language,
        {{ media_text_to_date('first_air_date') }} as first_air_date,
        {{ media_text_to_date('last_air_date') }} as last_air_date,
        {{ media_text_to_date('next_episode_to_air__air_date') }} as next_episode_air_date,
        nullif(trim(status), '') as status,
        nullif(trim(type), '') as show_type,
        cast(in_production as {{ dbt.type_boolean() }}) as is_in_production,
        cast(number_of_seasons as integer) as number_of_seasons,
        cast(number_of_episodes as integer) as number_of_episodes,
        nullif(trim(overview), '') as overview,
        cast(adult as {{ dbt.type_boolean() }}) as is_adult,
        cast(popularity as double precision) as popularity,
        case when vote_count > 0 then cast(vote_average as double precision) end as vote_average,
        cast(vote_count as bigint) as vote_count,
        nullif(trim(homepage), '') as homepage,
        nullif(trim(tagline), '') as tagline,
        {{ audit_columns('tmdb') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
