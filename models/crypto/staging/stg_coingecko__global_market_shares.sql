{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_superseded_children(ref('stg_coingecko__global'), ['as_of_date']) }}",
) }}

-- Child rows get their as-of date from the deduplicated /global row (dlt child tables have no keys).
with shares as (
    select * from {{ source('raw_crypto', 'global_market__market_cap_percentage') }}
    {{ new_loads() }}
),

global_market as (
    select * from {{ ref('stg_coingecko__global') }}
    {{ loaded_since_last_build() }}
),

renamed as (
    select
        global_market.as_of_date,
        lower(trim(shares.coin_symbol)) as coin_symbol,
        shares.market_cap_percentage,
        global_market._load_id,
        global_market._loaded_at,
        global_market._run_id,
        global_market._source,
        {{ build_stamp() }} as _built_at
    from shares
    inner join global_market
        on shares._dlt_parent_id = global_market._raw_row_id
)

select * from renamed
