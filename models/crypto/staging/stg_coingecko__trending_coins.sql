{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_superseded_children(ref('stg_coingecko__trending'), ['as_of_date']) }}",
) }}

-- Child rows get their as-of date from the deduplicated trending row (dlt child tables have no keys). CoinGecko
-- writes caps and volumes as '$1,234,567' and BTC figures as text; `data` may be missing or [] (all NULL here).
with coins as (
    select * from {{ source('raw_crypto', 'trending__coins') }}
    {{ new_loads() }}
),

-- A coin listed twice in one answer keeps its best position.
first_listings as (
    select
        *,
        row_number() over (partition by _dlt_parent_id, id order by _dlt_list_idx) as listing_rank
    from coins
    where nullif(trim(id), '') is not null
),

changes as (
    select * from {{ source('raw_crypto', 'trending__coins__price_change_percentage_24h') }}
    {{ new_loads() }}
),

trending as (
    select * from {{ ref('stg_coingecko__trending') }}
    {{ loaded_since_last_build() }}
),

changes_24h as (
    select
        _dlt_parent_id,
        max(case when lower(trim(currency)) = 'usd' then percentage end) as price_change_percentage_24h,
        max(case when lower(trim(currency)) = 'btc' then percentage end) as price_change_percentage_24h_btc
    from changes
    group by _dlt_parent_id
),

renamed as (
    select
        trending.as_of_date,
        cast(coins.id as {{ dbt.type_string() }}) as coin_id,
        -- Position in the answer, 1 = most searched; score is CoinGecko's own 0-based order.
        cast(coins._dlt_list_idx as integer) + 1 as trending_rank,
        cast(coins.score as integer) as score,
        coins.coin_id as coingecko_number,
        nullif(trim(coins.name), '') as coin_name,
        lower(nullif(trim(coins.symbol), '')) as symbol,
        cast(coins.market_cap_rank as integer) as market_cap_rank,
        {{ amount_text_to_double('coins.data__price') }} as price_usd,
        coalesce(
            {{ amount_text_to_double('coins.price_btc') }}, {{ amount_text_to_double('coins.data__price_btc') }}
        ) as price_btc,
        changes_24h.price_change_percentage_24h,
        changes_24h.price_change_percentage_24h_btc,
        -- "$0" is CoinGecko's "no circulating supply known", as on /coins/markets: unknown, not zero.
        nullif({{ amount_text_to_double('coins.data__market_cap') }}, 0) as market_cap_usd,
        nullif({{ amount_text_to_double('coins.data__market_cap_btc') }}, 0) as market_cap_btc,
        {{ amount_text_to_double('coins.data__total_volume') }} as total_volume_usd,
        {{ amount_text_to_double('coins.data__total_volume_btc') }} as total_volume_btc,
        nullif(trim(coins.data__sparkline), '') as sparkline_url,
        trending._load_id,
        trending._loaded_at,
        trending._run_id,
        trending._source,
        {{ build_stamp() }} as _built_at
    from first_listings as coins
    inner join trending
        on coins._dlt_parent_id = trending._raw_row_id
    left join changes_24h
        on coins._dlt_id = changes_24h._dlt_parent_id
    where coins.listing_rank = 1
)

select * from renamed
