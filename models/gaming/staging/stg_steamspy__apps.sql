{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['app_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_gaming', 'steamspy_apps') }}
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
        cast(appid as integer) as app_id,
        cast(as_of_date as date) as as_of_date,
        nullif(trim(name), '') as app_name,
        nullif(trim(developer), '') as developer_text,
        nullif(trim(publisher), '') as publisher_text,
        nullif(trim(owners), '') as owners_range,
        {{ owners_bound('owners', 1) }} as owners_min,
        {{ owners_bound('owners', 2) }} as owners_max,
        cast(ccu as integer) as ccu,
        -- SteamSpy dropped players_2weeks from its API; kept for payloads that still carry it.
        cast(players_2weeks as bigint) as players_2weeks,
        cast(positive as bigint) as positive_reviews,
        cast(negative as bigint) as negative_reviews,
        {{ steamspy_playtime_minutes() }},
        {{ text_to_integer('initialprice') }} as initial_price_cents,
        {{ text_to_integer('price') }} as price_cents,
        {{ text_to_integer('discount') }} as discount_percent,
        {{ audit_columns('steamspy') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
