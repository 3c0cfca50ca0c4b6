{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['app_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_gaming', 'steamspy_app_details') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['appid', 'as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        _dlt_id as _raw_row_id,
        cast(appid as integer) as app_id,
        cast(as_of_date as date) as as_of_date,
        -- The name of an app the request=all pages read did not reach; null for an app SteamSpy does not know.
        nullif(trim(name), '') as app_name,
        nullif(trim(genre), '') as genre_text,
        nullif(trim(languages), '') as languages_text,
        {{ steamspy_playtime_minutes() }},
        {{ audit_columns('steamspy') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
