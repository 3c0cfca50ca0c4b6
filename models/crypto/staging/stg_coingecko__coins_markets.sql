{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['coin_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_crypto', 'coins_markets') }}
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
        cast(id as {{ dbt.type_string() }}) as coin_id,
        cast(as_of_date as date) as as_of_date,
        lower(vs_currency) as vs_currency,
        nullif(trim(symbol), '') as symbol,
        nullif(trim(name), '') as coin_name,
        nullif(trim(image), '') as image_url,
        cast(market_cap_rank as integer) as market_cap_rank,
        current_price,
        -- CoinGecko reports market cap 0 (and no rank) when it knows no circulating supply: unknown, not zero,
        -- and so is the change of a cap it does not know.
        nullif(market_cap, 0) as market_cap,
        case when market_cap > 0 then market_cap_change_24h end as market_cap_change_24h,
        case when market_cap > 0 then market_cap_change_percentage_24h end as market_cap_change_percentage_24h,
        -- Price times a total supply CoinGecko does not know: 0 is unknown, like the market cap.
        nullif(fully_diluted_valuation, 0) as fully_diluted_valuation,
        total_volume,
        high_24h,
        low_24h,
        price_change_24h,
        price_change_percentage_1h_in_currency as price_change_percentage_1h,
        -- Asked-for windows come as *_in_currency; the plain 24 h field is always sent and says the same.
        coalesce(price_change_percentage_24h_in_currency, price_change_percentage_24h) as price_change_percentage_24h,
        price_change_percentage_7d_in_currency as price_change_percentage_7d,
        price_change_percentage_30d_in_currency as price_change_percentage_30d,
        nullif(circulating_supply, 0) as circulating_supply,
        total_supply,
        max_supply,
        ath,
        ath_change_percentage,
        {{ crypto_utc_timestamp('ath_date') }} as ath_at,
        atl,
        atl_change_percentage,
        {{ crypto_utc_timestamp('atl_date') }} as atl_at,
        roi__times as roi_times,
        nullif(trim(roi__currency), '') as roi_currency,
        roi__percentage as roi_percentage,
        {{ crypto_utc_timestamp('last_updated') }} as last_updated_at,
        {{ audit_columns('coingecko') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
