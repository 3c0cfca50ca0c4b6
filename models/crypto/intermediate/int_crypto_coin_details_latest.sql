{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='coin_id') }}

-- The newest details of each coin: the membership bridge_coin_category shows as current. Incremental: the coins
-- detailed in the days built since the last build; a row this table holds stays when it is newer than every day
-- built now.
with details as (
    select * from {{ ref('int_crypto_coin_details') }}
    {{ loaded_since_last_build() }}
),

candidates as (
    select * from details
    {%- if is_incremental() %}
    union all
    select held.*
    from {{ this }} as held
    where held.coin_id in (select coin_id from details)
        and not exists (
            select 1 from details
            where details.coin_id = held.coin_id
                and details.as_of_date >= held.as_of_date
        )
    {%- endif %}
),

newest_dates as (
    select
        coin_id,
        max(as_of_date) as as_of_date
    from candidates
    group by coin_id
),

latest as (
    select candidates.*
    from candidates
    inner join newest_dates
        on candidates.coin_id = newest_dates.coin_id
        and candidates.as_of_date = newest_dates.as_of_date
)

select * from latest
