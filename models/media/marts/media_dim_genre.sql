{{ config(alias='dim_genre') }}

-- Type 1: one row per TMDb genre id from the movie and TV genre lists. The two lists share ids where the genre is
-- the same (16 Animation, 18 Drama, ...) and use different ids where they differ (28 Action for movies, 10759
-- Action & Adventure for TV), so the id alone is the natural key; flags say which list(s) carry it.
with genres as (
    select * from {{ ref('stg_tmdb__genres') }}
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
    from genres
    group by genre_id
),

newest as (
    select
        genres.*,
        -- Both lists name a shared id the same way; when they ever differ, the movie list's name wins.
        row_number() over (
            partition by genres.genre_id
            order by
                genres.as_of_date desc,
                case when genres.media_type = 'movie' then 0 else 1 end,
                genres._load_id desc
        ) as recency_rank
    from genres
),

on_current_lists as (
    select
        genres.genre_id,
        max(case when genres.media_type = 'movie' then 1 else 0 end) = 1 as is_movie_genre,
        max(case when genres.media_type = 'tv' then 1 else 0 end) = 1 as is_tv_genre
    from genres
    inner join by_genre
        on genres.genre_id = by_genre.genre_id
        and genres.as_of_date = by_genre.last_seen_date
    group by genres.genre_id
),

members as (
    select
        {{ surrogate_key(['newest.genre_id']) }} as genre_key,
        newest.genre_id,
        newest.genre_name,
        on_current_lists.is_movie_genre,
        on_current_lists.is_tv_genre,
        by_genre.first_seen_date,
        by_genre.last_seen_date,
        by_genre.last_seen_date = newest_list_date.as_of_date as is_on_current_lists,
        false as is_unknown_member,
        newest._load_id,
        newest._loaded_at,
        newest._run_id,
        newest._source
    from newest
    inner join by_genre
        on newest.genre_id = by_genre.genre_id
    inner join on_current_lists
        on newest.genre_id = on_current_lists.genre_id
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
        'starline' as _source
)

select * from members
union all
select * from unknown_member
