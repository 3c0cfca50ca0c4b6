{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['coin_id', 'as_of_date'],
    post_hook="{{ catch_up_snapshot('snap_coin') }}",
) }}

-- One row per coin per as-of date with every attribute dim_coin tracks. A coin is a member on a day when
-- that day's markets list it or it was detailed that day: a configured coin_ids entry ranked below max_coins
-- has details but no markets row, and must still be in dim_coin for its bridge rows and charts. Name and
-- symbol come from that day's markets, else from its /coins/{id} answer. The other attributes come from the
-- newest details fetched on or before the day (details_as_of names that day): details are read on a daily
-- budget, a share of the coins a day, and a coin not read today must keep its last known hashing algorithm,
-- homepage and categories rather than look as if they had been removed. Incremental: the coin days of loads not built yet.
with markets as (
    select * from {{ ref('stg_coingecko__coins_markets') }}
),

details as (
    select * from {{ ref('int_crypto_coin_details') }}
),

coin_days as (
    select coin_id, as_of_date from markets
    {{ loaded_since_last_build() }}
    union
    select coin_id, as_of_date from details
    {{ loaded_since_last_build() }}
),

-- The details a coin last had lie anywhere back in its history: an as-of join finds the newest on or before
-- each day without pairing the day with every older one.
candidates as (
    select
        coin_days.coin_id,
        coin_days.as_of_date,
        coalesce(markets.coin_name, details.coin_name) as coin_name,
        coalesce(markets.symbol, details.symbol) as symbol,
        details.hashing_algorithm,
        details.genesis_date,
        details.homepage_url,
        details.categories,
        details.as_of_date as details_as_of,
        coalesce(markets._load_id, details._load_id) as _load_id,
        coalesce(markets._loaded_at, details._loaded_at) as _loaded_at,
        coalesce(markets._run_id, details._run_id) as _run_id,
        coalesce(markets._source, details._source) as _source
    from coin_days
    left join markets
        on coin_days.coin_id = markets.coin_id
        and coin_days.as_of_date = markets.as_of_date
    asof left join details
        on coin_days.coin_id = details.coin_id
        and coin_days.as_of_date >= details.as_of_date
),

attributes as (
    select
        coin_id,
        as_of_date,
        cast(as_of_date as {{ dbt.type_timestamp() }}) as as_of_timestamp,
        coin_name,
        symbol,
        hashing_algorithm,
        genesis_date,
        homepage_url,
        categories,
        details_as_of,
        _load_id,
        _loaded_at,
        _run_id,
        _source,
        {{ build_stamp() }} as _built_at
    from candidates
)

select * from attributes
