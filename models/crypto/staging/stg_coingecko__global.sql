{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['as_of_date']) }}

with source as (
    select * from {{ source('raw_crypto', 'global_market') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        _dlt_id as _raw_row_id,
        cast(as_of_date as date) as as_of_date,
        lower(vs_currency) as vs_currency,
        active_cryptocurrencies,
        upcoming_icos,
        ongoing_icos,
        ended_icos,
        markets,
        market_cap_change_percentage_24h_usd,
        {{ crypto_epoch_seconds_to_timestamp('updated_at') }} as updated_at,
        {{ audit_columns('coingecko') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
