with source as (
    select * from {{ source('raw_crypto', 'coins_categories') }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['id', 'as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as category_id,
        cast(as_of_date as date) as as_of_date,
        trim(name) as category_name,
        nullif(trim(content), '') as category_description,
        market_cap,
        -- CoinGecko names it market_cap_change_24h, but the value is a percentage (-0.66 for a $2T category).
        market_cap_change_24h as market_cap_change_percentage_24h,
        volume_24h,
        {{ crypto_utc_timestamp('updated_at') }} as updated_at,
        {{ audit_columns('coingecko') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
