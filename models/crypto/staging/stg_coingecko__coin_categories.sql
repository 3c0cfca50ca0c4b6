{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_superseded_children(ref('stg_coingecko__coin_details'), ['coin_id', 'as_of_date']) }}",
) }}

-- dlt child tables carry no business keys, only the id of their parent row: the join to the (deduplicated)
-- root is what gives a category its coin and as-of date.
with categories as (
    select * from {{ source('raw_crypto', 'coin_details__categories') }}
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
        trim(categories.value) as category_name,
        cast(categories._dlt_list_idx as integer) + 1 as listed_position,
        coin_details._load_id,
        coin_details._loaded_at,
        coin_details._run_id,
        coin_details._source,
        {{ build_stamp() }} as _built_at
    from categories
    inner join coin_details
        on categories._dlt_parent_id = coin_details._raw_row_id
    where nullif(trim(categories.value), '') is not null
)

select * from renamed
