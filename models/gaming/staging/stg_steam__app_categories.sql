-- Child rows get their app and as-of date from the deduplicated root row (dlt child tables have no keys).
with categories as (
    select * from {{ source('raw_gaming', 'steam_app_details__data__categories') }}
),

app_details as (
    select * from {{ ref('stg_steam__app_details') }}
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
        app_details._source
    from categories
    inner join app_details
        on categories._dlt_parent_id = app_details._raw_row_id
)

select * from renamed
