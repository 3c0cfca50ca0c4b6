-- dlt child tables carry no business keys, only the id of their parent row: the join to the (deduplicated)
-- root is what gives a category its coin and as-of date.
with categories as (
    select * from {{ source('raw_crypto', 'coin_details__categories') }}
),

coin_details as (
    select * from {{ ref('stg_coingecko__coin_details') }}
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
        coin_details._source
    from categories
    inner join coin_details
        on categories._dlt_parent_id = coin_details._raw_row_id
    where nullif(trim(categories.value), '') is not null
)

select * from renamed
