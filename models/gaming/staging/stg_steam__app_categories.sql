{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_superseded_children(ref('stg_steam__app_details'), ['app_id', 'as_of_date']) }}",
) }}

-- Child rows get their app and as-of date from the deduplicated root row (dlt child tables have no keys).
with categories as (
    select * from {{ source('raw_gaming', 'steam_app_details__data__categories') }}
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
        cast(categories.id as integer) as category_id,
        trim(categories.description) as category_name,
        app_details._load_id,
        app_details._loaded_at,
        app_details._run_id,
        app_details._source,
        {{ build_stamp() }} as _built_at
    from categories
    inner join app_details
        on categories._dlt_parent_id = app_details._raw_row_id
)

select * from renamed
