{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['genre_id', 'media_type', 'as_of_date'],
) }}

-- One row per genre id, media type and as-of date: the movie and TV genre lists, plus every genre a title's details
-- name that no list of that day carries (named by the details, from_details = 1), so the title's bridge row keeps
-- its genre. Small (genres x days): media_dim_genre reads it whole. Incremental: the as-of dates either input
-- received a load for since the last build are rebuilt whole.
with as_of_dates_to_build as (
    select as_of_date from {{ ref('stg_tmdb__genres') }}
    {{ loaded_since_last_build() }}
    union
    select as_of_date from {{ ref('stg_tmdb__title_genres') }}
    {{ loaded_since_last_build() }}
),

genres as (
    select * from {{ ref('stg_tmdb__genres') }}
    where as_of_date in (select as_of_date from as_of_dates_to_build)
),

title_genres as (
    select * from {{ ref('stg_tmdb__title_genres') }}
    where genre_id is not null
        and as_of_date in (select as_of_date from as_of_dates_to_build)
),

unlisted as (
    select
        title_genres.genre_id,
        title_genres.media_type,
        title_genres.as_of_date,
        title_genres.genre_name,
        title_genres._load_id,
        title_genres._loaded_at,
        title_genres._run_id,
        title_genres._source,
        row_number() over (
            partition by title_genres.genre_id, title_genres.media_type, title_genres.as_of_date
            order by title_genres._load_id desc, title_genres.tmdb_id
        ) as sighting_rank
    from title_genres
    left join genres
        on title_genres.genre_id = genres.genre_id
        and title_genres.as_of_date = genres.as_of_date
    where genres.genre_id is null
),

sightings as (
    select
        genre_id, media_type, as_of_date, genre_name, 0 as from_details, _load_id, _loaded_at, _run_id, _source,
        {{ build_stamp() }} as _built_at
    from genres
    union all
    select
        genre_id, media_type, as_of_date, genre_name, 1 as from_details, _load_id, _loaded_at, _run_id, _source,
        {{ build_stamp() }} as _built_at
    from unlisted
    where sighting_rank = 1
)

select * from sightings
