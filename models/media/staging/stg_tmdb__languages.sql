{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['language_code', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_media', 'languages') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['iso_639_1', 'as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        cast(iso_639_1 as {{ dbt.type_string() }}) as language_code,
        cast(as_of_date as date) as as_of_date,
        nullif(trim(english_name), '') as english_name,
        -- TMDb sends "" when it has no native name: unknown, not a name.
        nullif(trim(name), '') as native_name,
        {{ audit_columns('tmdb') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
