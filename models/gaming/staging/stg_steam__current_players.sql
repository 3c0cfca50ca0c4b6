{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['app_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_gaming', 'steam_current_players') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['app_id', 'as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        cast(app_id as integer) as app_id,
        cast(as_of_date as date) as as_of_date,
        cast(response__result as integer) as api_result,
        -- result 42 means Steam has no count for the app: NULL, not 0.
        case
            when cast(response__result as integer) = 1
                then cast(response__player_count as bigint)
        end as current_players,
        {{ audit_columns('steam_web') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
