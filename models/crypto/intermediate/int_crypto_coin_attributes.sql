-- One row per coin per as-of date with every attribute dim_coin tracks. Name and symbol come from that day's
-- markets, which list every coin. The /coins/{id} attributes come from the newest details fetched on or before
-- the day: details are fetched for the top N coins only, and a coin that slips out of the top N must keep its
-- last known hashing algorithm, homepage and categories rather than look as if they had been removed.
with markets as (
    select * from {{ ref('stg_coingecko__coins_markets') }}
),

details as (
    select * from {{ ref('int_crypto_coin_details') }}
),

candidates as (
    select
        markets.coin_id,
        markets.as_of_date,
        markets.coin_name,
        markets.symbol,
        details.hashing_algorithm,
        details.genesis_date,
        details.homepage_url,
        details.categories,
        details.as_of_date as details_as_of_date,
        markets._load_id,
        markets._loaded_at,
        markets._run_id,
        markets._source,
        row_number() over (
            partition by markets.coin_id, markets.as_of_date
            order by details.as_of_date desc
        ) as details_rank
    from markets
    left join details
        on markets.coin_id = details.coin_id
        and details.as_of_date <= markets.as_of_date
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
        details_as_of_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from candidates
    where details_rank = 1
)

select * from attributes
