{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='app_id') }}

-- The newest known state of each app (what the bridges list). Incremental: the apps of the days built since the
-- last build; a state this table holds stays when it is newer than every day built now.
with attributes as (
    select * from {{ ref('int_game_attributes') }}
    {{ loaded_since_last_build() }}
),

candidates as (
    select * from attributes
    {%- if is_incremental() %}
    union all
    select held.*
    from {{ this }} as held
    where held.app_id in (select app_id from attributes)
        and not exists (
            select 1 from attributes
            where attributes.app_id = held.app_id
                and attributes.as_of_date >= held.as_of_date
        )
    {%- endif %}
),

newest_dates as (
    select
        app_id,
        max(as_of_date) as as_of_date
    from candidates
    group by app_id
),

latest as (
    select candidates.*
    from candidates
    inner join newest_dates
        on candidates.app_id = newest_dates.app_id
        and candidates.as_of_date = newest_dates.as_of_date
)

select * from latest
