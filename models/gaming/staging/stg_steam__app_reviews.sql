{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['app_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_gaming', 'steam_app_reviews') }}
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
        -- Steam's scale is 1-9; 0 is its "no score" (fewer than 10 reviews), which is not a bucket below 1.
        nullif(cast(query_summary__review_score as integer), 0) as review_score,
        nullif(trim(query_summary__review_score_desc), '') as review_score_description,
        cast(query_summary__total_positive as bigint) as positive_reviews,
        cast(query_summary__total_negative as bigint) as negative_reviews,
        cast(query_summary__total_reviews as bigint) as total_reviews,
        {{ audit_columns('steam_store') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
