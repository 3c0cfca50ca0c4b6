{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['coin_id', 'date_key'],
    on_schema_change='append_new_columns',
) }}

-- One row per coin per UTC day of market_chart history. Every run re-reads chart_days days, so loads overlap:
-- an incremental run rebuilds exactly the days whose winning point (int_crypto_coin_price_days: newest load
-- first) came with a load since the last build, and delete+insert on the grain replaces those days, so an
-- overlapping backfill never duplicates a day.
with price_days as (
    select * from {{ ref('int_crypto_coin_price_days') }}
    {{ loaded_since_last_build() }}
),

coins as (
    select * from {{ ref('dim_coin') }}
    where not is_unknown_member
),

first_versions as (
    select * from coins
    where version_number = 1
),

keyed as (
    select
        -- The dim_coin version valid that day. History reaches back before a coin's first version (its first
        -- as-of date), and those days take the first version: the oldest attributes known, not the unknown member.
        coalesce(versions.coin_key, first_versions.coin_key, {{ unknown_key() }}) as coin_key,
        {{ date_key('price_days.price_date') }} as date_key,
        price_days.coin_id,
        price_days.price_date,
        price_days.price_at,
        price_days.vs_currency,
        price_days.price,
        price_days.market_cap,
        price_days.total_volume,
        price_days.as_of_date,
        price_days._load_id,
        price_days._loaded_at,
        price_days._run_id,
        price_days._source,
        {{ build_stamp() }} as _built_at
    from price_days
    left join coins as versions
        on price_days.coin_id = versions.coin_id
        and price_days.price_date >= versions.valid_from
        and price_days.price_date < versions.valid_to
    left join first_versions
        on price_days.coin_id = first_versions.coin_id
        and price_days.price_date < first_versions.valid_from
)

select * from keyed
