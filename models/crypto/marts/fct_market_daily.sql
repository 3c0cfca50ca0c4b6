{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['date_key'],
    on_schema_change='append_new_columns',
) }}

-- One row per as-of date from /global: the whole market in the run's vs_currency (usd unless configured),
-- bitcoin's and ether's share of it, and counts. A same-day re-run replaces its row.
with global_market as (
    select * from {{ ref('stg_coingecko__global') }}
    {{ loaded_since_last_build() }}
),

totals as (
    select * from {{ ref('stg_coingecko__global_totals') }}
),

shares as (
    select * from {{ ref('stg_coingecko__global_market_shares') }}
    where as_of_date in (select as_of_date from global_market)
),

dominance as (
    select
        as_of_date,
        max(case when coin_symbol = 'btc' then market_cap_percentage end) as btc_market_cap_percentage,
        max(case when coin_symbol = 'eth' then market_cap_percentage end) as eth_market_cap_percentage
    from shares
    group by as_of_date
),

daily as (
    select
        {{ date_key('global_market.as_of_date') }} as date_key,
        global_market.as_of_date,
        global_market.vs_currency,
        -- NULL when /global has no total in the run's currency (it covers about 60).
        totals.total_market_cap,
        totals.total_volume as total_volume_24h,
        dominance.btc_market_cap_percentage,
        dominance.eth_market_cap_percentage,
        global_market.market_cap_change_percentage_24h_usd,
        global_market.active_cryptocurrencies,
        global_market.markets,
        global_market.upcoming_icos,
        global_market.ongoing_icos,
        global_market.ended_icos,
        global_market.updated_at,
        global_market._load_id,
        global_market._loaded_at,
        global_market._run_id,
        global_market._source,
        {{ build_stamp() }} as _built_at
    from global_market
    left join totals
        on global_market.as_of_date = totals.as_of_date
        and global_market.vs_currency = totals.currency
    left join dominance
        on global_market.as_of_date = dominance.as_of_date
)

select * from daily
