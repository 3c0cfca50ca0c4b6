{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_superseded_children(ref('stg_coingecko__coin_details'), ['coin_id', 'as_of_date']) }}",
) }}

-- CoinGecko pads links.homepage with empty strings (["http://www.bitcoin.org", "", ""]); only real URLs are kept.
with homepages as (
    select * from {{ source('raw_crypto', 'coin_details__links__homepage') }}
    {{ new_loads() }}
),

coin_details as (
    select * from {{ ref('stg_coingecko__coin_details') }}
    {{ loaded_since_last_build() }}
),

renamed as (
    select
        coin_details.coin_id,
        coin_details.as_of_date,
        trim(homepages.value) as homepage_url,
        cast(homepages._dlt_list_idx as integer) + 1 as listed_position,
        coin_details._load_id,
        coin_details._loaded_at,
        coin_details._run_id,
        coin_details._source,
        {{ build_stamp() }} as _built_at
    from homepages
    inner join coin_details
        on homepages._dlt_parent_id = coin_details._raw_row_id
    where nullif(trim(homepages.value), '') is not null
)

select * from renamed
