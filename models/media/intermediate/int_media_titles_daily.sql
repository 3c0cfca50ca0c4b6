{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['media_type', 'tmdb_id', 'as_of_date'],
    on_schema_change='append_new_columns',
) }}

-- One row per title (media type, TMDb id) per as-of date for every movie and show any list named that day: its
-- list ranks, its attributes and its daily measures. Details are read on a daily budget, so the attributes come
-- from the title's newest details on or before the day (details_as_of names that day), else from its list entry;
-- popularity and votes from that day's details or list entry only, never carried. Incremental: the as-of dates
-- that received a load since the last build are rebuilt whole, so a title keeps the ranks of lists an earlier
-- load of the same day brought.
with as_of_dates_to_build as (
    select distinct as_of_date
    from {{ ref('stg_tmdb__list_entries') }}
    {{ loaded_since_last_build() }}
),

list_entries as (
    select * from {{ ref('stg_tmdb__list_entries') }}
    where media_type in ('movie', 'tv')
        and as_of_date in (select as_of_date from as_of_dates_to_build)
),

-- The newest details of a title lie anywhere back in its history (up to the days built).
movie_details as (
    select * from {{ ref('stg_tmdb__movie_details') }}
    where as_of_date <= (select max(as_of_date) from as_of_dates_to_build)
),

tv_details as (
    select * from {{ ref('stg_tmdb__tv_details') }}
    where as_of_date <= (select max(as_of_date) from as_of_dates_to_build)
),

details as (
    select
        media_type,
        tmdb_id,
        as_of_date,
        title,
        original_title,
        original_language,
        release_date,
        status,
        runtime_minutes,
        overview,
        is_adult,
        popularity,
        vote_average,
        vote_count,
        budget_usd,
        revenue_usd,
        cast(null as integer) as number_of_seasons,
        cast(null as integer) as number_of_episodes,
        _load_id,
        _loaded_at,
        _run_id
    from movie_details
    union all
    select
        media_type,
        tmdb_id,
        as_of_date,
        title,
        original_title,
        original_language,
        first_air_date as release_date,
        status,
        -- A show has no single runtime (episode lengths vary); TMDb's episode_run_time is often empty.
        cast(null as integer) as runtime_minutes,
        overview,
        is_adult,
        popularity,
        vote_average,
        vote_count,
        cast(null as bigint) as budget_usd,
        cast(null as bigint) as revenue_usd,
        number_of_seasons,
        number_of_episodes,
        _load_id,
        _loaded_at,
        _run_id
    from tv_details
),

list_ranks as (
    select
        media_type,
        tmdb_id,
        as_of_date,
        min(case when list_name in ('movie_popular', 'tv_popular') then list_position end) as popular_list_rank,
        min(case when list_name in ('discover_movie', 'discover_tv') then list_position end) as discover_list_rank,
        -- A title is on one year's list (its release year), so its rank there and that year go together.
        min(case when list_name in ('discover_movie', 'discover_tv') then discover_year end) as discover_list_year,
        min(case when list_name = 'trending_all_day' then list_position end) as trending_rank,
        max(_load_id) as _load_id
    from list_entries
    group by media_type, tmdb_id, as_of_date
),

-- The attributes a list shows, for titles without details: popular first, then discover, then trending.
list_attributes as (
    select
        *,
        row_number() over (
            partition by media_type, tmdb_id, as_of_date
            order by
                case
                    when list_name in ('movie_popular', 'tv_popular') then 1
                    when list_name in ('discover_movie', 'discover_tv') then 2
                    else 3
                end
        ) as list_preference
    from list_entries
),

joined as (
    select
        list_ranks.media_type,
        list_ranks.tmdb_id,
        list_ranks.as_of_date,
        cast(list_ranks.as_of_date as {{ dbt.type_timestamp() }}) as as_of_timestamp,
        coalesce(details.title, list_attributes.title) as title,
        coalesce(details.original_title, list_attributes.original_title) as original_title,
        coalesce(details.original_language, list_attributes.original_language) as original_language,
        coalesce(details.release_date, list_attributes.release_date) as release_date,
        details.status,
        details.runtime_minutes,
        coalesce(details.is_adult, list_attributes.is_adult) as is_adult,
        -- The overview is tracked by its hash: a rewritten synopsis is a new version without storing the text.
        {{ dbt.hash('coalesce(details.overview, list_attributes.overview)') }} as overview_md5,
        details.tmdb_id is not null as has_details,
        details.as_of_date as details_as_of,
        coalesce(read_today.popularity, list_attributes.popularity) as popularity,
        coalesce(read_today.vote_average, list_attributes.vote_average) as vote_average,
        coalesce(read_today.vote_count, list_attributes.vote_count) as vote_count,
        details.budget_usd,
        details.revenue_usd,
        details.number_of_seasons,
        details.number_of_episodes,
        list_ranks.popular_list_rank,
        list_ranks.discover_list_rank,
        list_ranks.discover_list_year,
        list_ranks.trending_rank,
        coalesce(read_today._load_id, list_ranks._load_id) as _load_id,
        coalesce(read_today._loaded_at, list_attributes._loaded_at) as _loaded_at,
        coalesce(read_today._run_id, list_attributes._run_id) as _run_id,
        case when read_today.tmdb_id is not null then 'tmdb' else 'tmdb (lists only)' end as _source,
        {{ build_stamp() }} as _built_at
    from list_ranks
    inner join list_attributes
        on list_ranks.media_type = list_attributes.media_type
        and list_ranks.tmdb_id = list_attributes.tmdb_id
        and list_ranks.as_of_date = list_attributes.as_of_date
        and list_attributes.list_preference = 1
    asof left join details
        on list_ranks.media_type = details.media_type
        and list_ranks.tmdb_id = details.tmdb_id
        and list_ranks.as_of_date >= details.as_of_date
    left join details as read_today
        on list_ranks.media_type = read_today.media_type
        and list_ranks.tmdb_id = read_today.tmdb_id
        and list_ranks.as_of_date = read_today.as_of_date
)

select * from joined
