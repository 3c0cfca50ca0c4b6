-- dlt child tables carry no business keys, only the id of their parent row: the join to the (deduplicated)
-- root is what gives a tag its app and as-of date.
with tags as (
    select * from {{ source('raw_gaming', 'steamspy_app_details__tags') }}
),

app_details as (
    select * from {{ ref('stg_steamspy__app_details') }}
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
        app_details._source
    from tags
    inner join app_details
        on tags._dlt_parent_id = app_details._raw_row_id
    where nullif(trim(tags.tag), '') is not null
)

select * from renamed
