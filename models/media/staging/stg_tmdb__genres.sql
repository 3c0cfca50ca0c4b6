{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['genre_id', 'media_type', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_media', 'genres') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['media_type', 'id', 'as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        cast(id as integer) as genre_id,
        cast(media_type as {{ dbt.type_string() }}) as media_type,
        cast(as_of_date as date) as as_of_date,
        nullif(trim(name), '') as genre_name,
        {{ audit_columns('tmdb') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
