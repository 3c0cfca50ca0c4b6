-- The newest known state of each coin: what the dim_coin snapshot compares against on every run.
with attributes as (
    select * from {{ ref('int_crypto_coin_attributes') }}
),

latest_dates as (
    select
        coin_id,
        max(as_of_date) as as_of_date
    from attributes
    group by coin_id
),

latest as (
    select attributes.*
    from attributes
    inner join latest_dates
        on attributes.coin_id = latest_dates.coin_id
        and attributes.as_of_date = latest_dates.as_of_date
)

select * from latest
