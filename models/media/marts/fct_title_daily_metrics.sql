{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['media_type', 'tmdb_id', 'date_key'],
    on_schema_change='append_new_columns',
) }}

-- Periodic snapshot: one row per title (media type, TMDb id) per as-of date. An incremental run processes the
-- as-of dates that received a load since the last build, whole, so ranks within a day are complete; delete+insert
-- on the grain makes a same-day re-run replace its rows instead of adding to them.
with titles_daily as (
    select * from {{ ref('int_media_titles_daily') }}
),

titles as (
    select * from {{ ref('dim_title') }}
    where not is_unknown_member
),

as_of_dates_to_build as (
    select distinct as_of_date
    from titles_daily
    {{ loaded_since_last_build() }}
),

daily as (
    select
        titles_daily.*,
        -- Ranked among the titles of the same media type seen that day; a title without a popularity is unranked.
        case
            when titles_daily.popularity is not null
                then cast(rank() over (
                    partition by titles_daily.as_of_date, titles_daily.media_type, titles_daily.popularity is null
                    order by titles_daily.popularity desc
                ) as integer)
        end as popularity_rank
    from titles_daily
    inner join as_of_dates_to_build
        on titles_daily.as_of_date = as_of_dates_to_build.as_of_date
),

keyed as (
    select
        -- The dim_title version valid on the fact's day; the unknown member when no version covers it.
        coalesce(titles.title_key, {{ unknown_key() }}) as title_key,
        {{ date_key('daily.as_of_date') }} as date_key,
        daily.media_type,
        daily.tmdb_id,
        daily.as_of_date,
        daily.popularity,
        daily.popularity_rank,
        daily.vote_average,
        daily.vote_count,
        daily.trending_rank,
        daily.trending_rank is not null as is_trending,
        daily.popular_list_rank,
        daily.discover_list_rank,
        daily.discover_list_year,
        daily.budget_usd,
        daily.revenue_usd,
        daily.number_of_seasons,
        daily.number_of_episodes,
        daily.details_as_of,
        daily._load_id,
        daily._loaded_at,
        daily._run_id,
        daily._source,
        {{ build_stamp() }} as _built_at
    from daily
    left join titles
        on daily.media_type = titles.media_type
        and daily.tmdb_id = titles.tmdb_id
        and daily.as_of_date >= titles.valid_from
        and daily.as_of_date < titles.valid_to
)

select * from keyed
