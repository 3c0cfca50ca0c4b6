-- The newest known state of each title: what the snap_title snapshot compares against on every run.
with titles as (
    select * from {{ ref('int_media_titles_daily') }}
),

latest_dates as (
    select
        media_type,
        tmdb_id,
        max(as_of_date) as as_of_date
    from titles
    group by media_type, tmdb_id
),

latest as (
    select
        titles.media_type,
        titles.tmdb_id,
        titles.as_of_date,
        titles.as_of_timestamp,
        titles.title,
        titles.original_title,
        titles.status,
        titles.runtime_minutes,
        titles.release_date,
        titles.original_language,
        titles.is_adult,
        titles.overview_md5,
        titles.has_details,
        titles._load_id,
        titles._loaded_at,
        titles._run_id,
        titles._source
    from titles
    inner join latest_dates
        on titles.media_type = latest_dates.media_type
        and titles.tmdb_id = latest_dates.tmdb_id
        and titles.as_of_date = latest_dates.as_of_date
)

select * from latest
