{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_superseded_children(ref('stg_steamspy__app_details'), ['app_id', 'as_of_date']) }}",
) }}

-- dlt child tables carry no business keys, only the id of their parent row: the join to the (deduplicated)
-- root is what gives a tag its app and as-of date.
with tags as (
    select * from {{ source('raw_gaming', 'steamspy_app_details__tags') }}
    {{ new_loads() }}
),

app_details as (
    select * from {{ ref('stg_steamspy__app_details') }}
    {{ loaded_since_last_build() }}
),

renamed as (
    select
        app_details.app_id,
        app_details.as_of_date,
        trim(tags.tag) as tag_name,
        cast(tags.votes as bigint) as votes,
        app_details._load_id,
        app_details._loaded_at,
        app_details._run_id,
        app_details._source,
        {{ build_stamp() }} as _built_at
    from tags
    inner join app_details
        on tags._dlt_parent_id = app_details._raw_row_id
    where nullif(trim(tags.tag), '') is not null
)

select * from renamed
