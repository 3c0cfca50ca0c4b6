{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['coin_id', 'date_key'],
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_superseded_children(ref('stg_coingecko__trending'), ['as_of_date']) }}",
    meta={'publish': 'replace'},
) }}

-- One row per coin per as-of date it was on /search/trending. An incremental run processes the as-of dates that
-- received a trending load since the last build; the pre-hook first removes those dates' rows, so a same-day
-- re-run replaces the whole list (a coin that fell off it, or an empty list, leaves no row behind).
with trending_coins as (
    select * from {{ ref('stg_coingecko__trending_coins') }}
    {{ loaded_since_last_build() }}
),

coins as (
    select * from {{ ref('dim_coin') }}
    where not is_unknown_member
),

keyed as (
    select
        -- The dim_coin version valid on the fact's day; the unknown member for a coin the warehouse does not
        -- track (trending names coins beyond the markets pages) or not yet on that day.
        coalesce(coins.coin_key, {{ unknown_key() }}) as coin_key,
        {{ date_key('trending_coins.as_of_date') }} as date_key,
        trending_coins.coin_id,
        trending_coins.as_of_date,
        trending_coins.trending_rank,
        trending_coins.score,
        trending_coins.market_cap_rank,
        trending_coins.price_usd,
        trending_coins.price_btc,
        trending_coins.price_change_percentage_24h,
        trending_coins.market_cap_usd,
        trending_coins.total_volume_usd,
        trending_coins._load_id,
        trending_coins._loaded_at,
        trending_coins._run_id,
        trending_coins._source,
        {{ build_stamp() }} as _built_at
    from trending_coins
    left join coins
        on trending_coins.coin_id = coins.coin_id
        and trending_coins.as_of_date >= coins.valid_from
        and trending_coins.as_of_date < coins.valid_to
)

select * from keyed
