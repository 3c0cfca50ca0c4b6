-- The newest details of each coin: the membership bridge_coin_category shows as current.
with details as (
    select * from {{ ref('int_crypto_coin_details') }}
),

latest_dates as (
    select
        coin_id,
        max(as_of_date) as as_of_date
    from details
    group by coin_id
),

latest as (
    select details.*
    from details
    inner join latest_dates
        on details.coin_id = latest_dates.coin_id
        and details.as_of_date = latest_dates.as_of_date
)

select * from latest
