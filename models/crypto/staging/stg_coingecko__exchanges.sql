{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['exchange_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_crypto', 'exchanges') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['id', 'as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        cast(id as {{ dbt.type_string() }}) as exchange_id,
        cast(as_of_date as date) as as_of_date,
        trim(name) as exchange_name,
        cast(year_established as integer) as year_established,
        nullif(trim(country), '') as country,
        nullif(trim(description), '') as exchange_description,
        nullif(trim(url), '') as website_url,
        nullif(trim(image), '') as image_url,
        has_trading_incentive,
        cast(trust_score as integer) as trust_score,
        cast(trust_score_rank as integer) as trust_score_rank,
        trade_volume_24h_btc,
        trade_volume_24h_btc_normalized,
        {{ audit_columns('coingecko') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
