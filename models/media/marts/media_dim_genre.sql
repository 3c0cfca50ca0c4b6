{{ config(alias='dim_genre') }}

-- Type 1: one row per TMDb genre id from the movie and TV genre lists. The two lists share ids where the genre is
-- the same (16 Animation, 18 Drama, ...) and use different ids where they differ (28 Action for movies, 10759
-- Action & Adventure for TV), so the id alone is the natural key; flags say which list(s) carry it. A genre a
-- title's details name but no list of that day carries is a member too, named by the details, so the title's
-- bridge row keeps its genre. Rebuilt whole from int_media_genres, which holds genres x days, not titles.
with sightings as (
    select * from {{ ref('int_media_genres') }}
),

genres as (
    select * from sightings
    where from_details = 0
),

newest_list_date as (
    select max(as_of_date) as as_of_date
    from genres
),

by_genre as (
    select
        genre_id,
        min(as_of_date) as first_seen_date,
        max(as_of_date) as last_seen_date
    from sightings
    group by genre_id
),

newest as (
    select
        sightings.*,
        -- Both lists name a shared id the same way; when they ever differ, the movie list's name wins, and a
        -- list's name wins over a title's on the same day.
        row_number() over (
            partition by sightings.genre_id
            order by
                sightings.as_of_date desc,
                sightings.from_details,
                case when sightings.media_type = 'movie' then 0 else 1 end,
                sightings._load_id desc
        ) as recency_rank
    from sightings
),

newest_listing as (
    select
        genre_id,
        max(as_of_date) as as_of_date
    from genres
    group by genre_id
),

on_newest_lists as (
    select
        genres.genre_id,
        genres.as_of_date,
        max(case when genres.media_type = 'movie' then 1 else 0 end) = 1 as is_movie_genre,
        max(case when genres.media_type = 'tv' then 1 else 0 end) = 1 as is_tv_genre
    from genres
    inner join newest_listing
        on genres.genre_id = newest_listing.genre_id
        and genres.as_of_date = newest_listing.as_of_date
    group by genres.genre_id, genres.as_of_date
),

members as (
    select
        {{ surrogate_key(['newest.genre_id']) }} as genre_key,
        newest.genre_id,
        newest.genre_name,
        coalesce(on_newest_lists.is_movie_genre, false) as is_movie_genre,
        coalesce(on_newest_lists.is_tv_genre, false) as is_tv_genre,
        by_genre.first_seen_date,
        by_genre.last_seen_date,
        coalesce(on_newest_lists.as_of_date = newest_list_date.as_of_date, false) as is_on_current_lists,
        false as is_unknown_member,
        newest._load_id,
        newest._loaded_at,
        newest._run_id,
        newest._source,
        {{ build_stamp() }} as _built_at
    from newest
    inner join by_genre
        on newest.genre_id = by_genre.genre_id
    left join on_newest_lists
        on newest.genre_id = on_newest_lists.genre_id
    cross join newest_list_date
    where newest.recency_rank = 1
),

unknown_member as (
    select
        {{ unknown_key() }} as genre_key,
        cast(null as integer) as genre_id,
        cast(null as {{ dbt.type_string() }}) as genre_name,
        cast(null as {{ dbt.type_boolean() }}) as is_movie_genre,
        cast(null as {{ dbt.type_boolean() }}) as is_tv_genre,
        cast(null as date) as first_seen_date,
        cast(null as date) as last_seen_date,
        cast(null as {{ dbt.type_boolean() }}) as is_on_current_lists,
        true as is_unknown_member,
        cast(null as {{ dbt.type_string() }}) as _load_id,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at,
        cast(null as {{ dbt.type_string() }}) as _run_id,
        'starline' as _source,
        {{ build_stamp() }} as _built_at
)

select * from members
union all
select * from unknown_member
