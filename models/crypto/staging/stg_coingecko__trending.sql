{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['as_of_date']) }}

-- One /search/trending answer per as-of date (the newest load of that day wins); its lists are child models.
with source as (
    select * from {{ source('raw_crypto', 'trending') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        _dlt_id as _raw_row_id,
        cast(as_of_date as date) as as_of_date,
        {{ audit_columns('coingecko') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
