{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['exchange_id', 'date_key'],
    on_schema_change='append_new_columns',
) }}

-- Periodic snapshot: one row per exchange per as-of date; a same-day re-run replaces its rows.
with exchanges as (
    select * from {{ ref('stg_coingecko__exchanges') }}
),

as_of_dates_to_build as (
    select distinct as_of_date
    from exchanges
    {{ loaded_since_last_build() }}
),

keyed as (
    select
        -- dim_exchange is type 1 with one row per exchange id, so its key is the hash of the id.
        {{ surrogate_key(['exchanges.exchange_id']) }} as exchange_key,
        {{ date_key('exchanges.as_of_date') }} as date_key,
        exchanges.exchange_id,
        exchanges.as_of_date,
        exchanges.trust_score,
        exchanges.trust_score_rank,
        exchanges.trade_volume_24h_btc,
        exchanges.trade_volume_24h_btc_normalized,
        exchanges._load_id,
        exchanges._loaded_at,
        exchanges._run_id,
        exchanges._source,
        {{ build_stamp() }} as _built_at
    from exchanges
    inner join as_of_dates_to_build
        on exchanges.as_of_date = as_of_dates_to_build.as_of_date
)

select * from keyed
