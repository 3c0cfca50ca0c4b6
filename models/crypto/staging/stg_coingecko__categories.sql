{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['category_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_crypto', 'coins_categories') }}
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
        cast(id as {{ dbt.type_string() }}) as category_id,
        cast(as_of_date as date) as as_of_date,
        trim(name) as category_name,
        nullif(trim(content), '') as category_description,
        -- A category none of whose coins has a known cap gets 0 (or null) for all three figures: unknown, not a
        -- worthless category, so its change and volume are unknown too.
        nullif(market_cap, 0) as market_cap,
        -- CoinGecko names it market_cap_change_24h, but the value is a percentage (-0.66 for a $2T category).
        case when market_cap > 0 then market_cap_change_24h end as market_cap_change_percentage_24h,
        case when market_cap > 0 then volume_24h end as volume_24h,
        {{ crypto_utc_timestamp('updated_at') }} as updated_at,
        {{ audit_columns('coingecko') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
