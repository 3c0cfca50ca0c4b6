{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['media_type', 'tmdb_id', 'as_of_date'],
    post_hook="{{ catch_up_snapshot('snap_title') }}",
) }}

-- One row per title per as-of date with the attributes snap_title tracks (no daily measures: the snapshot holds
-- what it compares). Its post-hook writes the days landed before the newest into the snapshot's history.
with titles as (
    select * from {{ ref('int_media_titles_daily') }}
    {{ loaded_since_last_build() }}
),

attributes as (
    select
        media_type,
        tmdb_id,
        as_of_date,
        as_of_timestamp,
        title,
        original_title,
        status,
        runtime_minutes,
        release_date,
        original_language,
        is_adult,
        overview_md5,
        has_details,
        details_as_of,
        _load_id,
        _loaded_at,
        _run_id,
        _source,
        {{ build_stamp() }} as _built_at
    from titles
)

select * from attributes
