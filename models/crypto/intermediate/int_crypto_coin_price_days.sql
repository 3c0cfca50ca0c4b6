{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['coin_id', 'price_date']) }}

-- One row per coin and UTC day of market_chart history. Runs overlap (each re-reads chart_days days), so a day
-- usually has points from several loads, and the as-of day has two points in one load: its 00:00 UTC snapshot
-- and the price at extraction time. The newest load speaks for a day, so CoinGecko's settled 00:00 snapshot
-- replaces the intraday price an earlier run saw; within that load the latest point of the day wins.
-- Incremental: the points of loads not built yet, which are newer than any held, so the days they cover are
-- replaced.
with points as (
    select * from {{ ref('stg_coingecko__market_chart') }}
    {{ loaded_since_last_build() }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by coin_id, price_date
            order by _load_id desc, price_at desc
        ) as point_rank
    from points
),

price_days as (
    select
        coin_id,
        price_date,
        price_at,
        vs_currency,
        price,
        market_cap,
        total_volume,
        as_of_date,
        chart_days,
        _load_id,
        _loaded_at,
        _run_id,
        _source,
        {{ build_stamp() }} as _built_at
    from ranked
    where point_rank = 1
)

select * from price_days
