{{ config(materialized='incremental', incremental_strategy='append') }}

-- Every point of every load, untouched: which load and which point speak for a day is decided downstream
-- (int_crypto_coin_price_days), where overlapping runs meet.
with source as (
    select * from {{ source('raw_crypto', 'coin_market_chart') }}
    {{ new_loads() }}
),

renamed as (
    select
        cast(coin_id as {{ dbt.type_string() }}) as coin_id,
        cast(as_of_date as date) as as_of_date,
        lower(vs_currency) as vs_currency,
        cast(chart_days as integer) as chart_days,
        cast(timestamp_ms as bigint) as price_timestamp_ms,
        {{ crypto_epoch_ms_to_timestamp('timestamp_ms') }} as price_at,
        -- The UTC calendar day of the point: CoinGecko's daily points are its 00:00 UTC snapshots.
        cast({{ crypto_epoch_ms_to_timestamp('timestamp_ms') }} as date) as price_date,
        price,
        -- As on /coins/markets, a cap of 0 is a day CoinGecko knew no circulating supply for: unknown.
        nullif(market_cap, 0) as market_cap,
        total_volume,
        {{ audit_columns('coingecko') }}
    from source
)

select * from renamed
