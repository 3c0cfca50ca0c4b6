{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_superseded_children(ref('stg_steam__app_details'), ['app_id', 'as_of_date']) }}",
) }}

-- Child rows get their app and as-of date from the deduplicated root row (dlt child tables have no keys).
with publishers as (
    select * from {{ source('raw_gaming', 'steam_app_details__data__publishers') }}
    {{ new_loads() }}
),

app_details as (
    select * from {{ ref('stg_steam__app_details') }}
    {{ loaded_since_last_build() }}
),

renamed as (
    select
        app_details.app_id,
        app_details.as_of_date,
        trim(publishers.value) as publisher_name,
        cast(publishers._dlt_list_idx as integer) + 1 as listed_position,
        app_details._load_id,
        app_details._loaded_at,
        app_details._run_id,
        app_details._source,
        {{ build_stamp() }} as _built_at
    from publishers
    inner join app_details
        on publishers._dlt_parent_id = app_details._raw_row_id
    where nullif(trim(publishers.value), '') is not null
)

select * from renamed
