-- The newest known state of each app: what the dim_game snapshot compares against on every run.
with attributes as (
    select * from {{ ref('int_game_attributes') }}
),

latest_dates as (
    select
        app_id,
        max(as_of_date) as as_of_date
    from attributes
    group by app_id
),

latest as (
    select attributes.*
    from attributes
    inner join latest_dates
        on attributes.app_id = latest_dates.app_id
        and attributes.as_of_date = latest_dates.as_of_date
)

select * from latest
