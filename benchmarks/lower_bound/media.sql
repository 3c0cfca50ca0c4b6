-- Media: dim_title (SCD2, natural key media_type + tmdb_id), four type 1 dimensions, four bridges and
-- fct_title_daily_metrics.

-- Staging: the five lists in one shape, newest load per (list, title, as-of date), the better position on a tie.
create temp table media_list_entries as
with unioned as (
    select 'movie_popular' as list_name, media_type, id, as_of_date, list_position, title, name, original_title,
        original_name, original_language, release_date, first_air_date, overview, adult, popularity, vote_average,
        vote_count, _dlt_load_id
    from wh.raw_media.movie_popular
    union all
    select 'tv_popular', media_type, id, as_of_date, list_position, title, name, original_title, original_name,
        original_language, release_date, first_air_date, overview, adult, popularity, vote_average, vote_count,
        _dlt_load_id
    from wh.raw_media.tv_popular
    union all
    select 'discover_movie', media_type, id, as_of_date, list_position, title, name, original_title,
        original_name, original_language, release_date, first_air_date, overview, adult, popularity, vote_average,
        vote_count, _dlt_load_id
    from wh.raw_media.discover_movie
    union all
    select 'discover_tv', media_type, id, as_of_date, list_position, title, name, original_title, original_name,
        original_language, release_date, first_air_date, overview, adult, popularity, vote_average, vote_count,
        _dlt_load_id
    from wh.raw_media.discover_tv
    union all
    select 'trending_all_day', media_type, id, as_of_date, list_position, title, name, original_title,
        original_name, original_language, release_date, first_air_date, overview, adult, popularity, vote_average,
        vote_count, _dlt_load_id
    from wh.raw_media.trending_all_day
)

select
    list_name,
    cast(media_type as varchar) as media_type,
    cast(id as integer) as tmdb_id,
    cast(as_of_date as date) as as_of_date,
    cast(list_position as integer) as list_position,
    nullif(trim(coalesce(title, name)), '') as title,
    nullif(trim(coalesce(original_title, original_name)), '') as original_title,
    nullif(trim(original_language), '') as original_language,
    try_cast(nullif(trim(cast(coalesce(release_date, first_air_date) as varchar)), '') as date) as release_date,
    nullif(trim(overview), '') as overview,
    cast(adult as boolean) as is_adult,
    cast(popularity as double) as popularity,
    case when vote_count > 0 then cast(vote_average as double) end as vote_average,
    cast(vote_count as bigint) as vote_count
from unioned
where media_type in ('movie', 'tv')
qualify row_number() over (
    partition by list_name, media_type, id, as_of_date order by _dlt_load_id desc, list_position asc
) = 1;

create temp table media_details as
select
    _dlt_id as raw_row_id,
    'movie' as media_type,
    cast(id as integer) as tmdb_id,
    cast(as_of_date as date) as as_of_date,
    nullif(trim(title), '') as title,
    nullif(trim(original_title), '') as original_title,
    nullif(trim(original_language), '') as original_language,
    try_cast(nullif(trim(cast(release_date as varchar)), '') as date) as release_date,
    nullif(trim(status), '') as status,
    cast(nullif(runtime, 0) as integer) as runtime_minutes,
    nullif(trim(overview), '') as overview,
    cast(adult as boolean) as is_adult,
    cast(popularity as double) as popularity,
    case when vote_count > 0 then cast(vote_average as double) end as vote_average,
    cast(vote_count as bigint) as vote_count,
    cast(nullif(budget, 0) as bigint) as budget_usd,
    cast(nullif(revenue, 0) as bigint) as revenue_usd,
    cast(null as integer) as number_of_seasons,
    cast(null as integer) as number_of_episodes,
    _dlt_load_id as _load_id
from wh.raw_media.movie_details
qualify row_number() over (partition by id, as_of_date order by _dlt_load_id desc) = 1
union all
select
    _dlt_id,
    'tv',
    cast(id as integer),
    cast(as_of_date as date),
    nullif(trim(name), ''),
    nullif(trim(original_name), ''),
    nullif(trim(original_language), ''),
    try_cast(nullif(trim(cast(first_air_date as varchar)), '') as date),
    nullif(trim(status), ''),
    cast(null as integer),
    nullif(trim(overview), ''),
    cast(adult as boolean),
    cast(popularity as double),
    case when vote_count > 0 then cast(vote_average as double) end,
    cast(vote_count as bigint),
    cast(null as bigint),
    cast(null as bigint),
    cast(number_of_seasons as integer),
    cast(number_of_episodes as integer),
    _dlt_load_id
from wh.raw_media.tv_details
qualify row_number() over (partition by id, as_of_date order by _dlt_load_id desc) = 1;

-- The details' nested lists, each row with its kept parent's title and as-of date.
create temp table media_title_genres as
select parent.media_type, parent.tmdb_id, parent.as_of_date, parent._load_id, cast(c.id as integer) as genre_id,
    nullif(trim(c.name), '') as genre_name
from wh.raw_media.movie_details__genres as c
inner join media_details as parent on c._dlt_parent_id = parent.raw_row_id
union all
select parent.media_type, parent.tmdb_id, parent.as_of_date, parent._load_id, cast(c.id as integer),
    nullif(trim(c.name), '')
from wh.raw_media.tv_details__genres as c
inner join media_details as parent on c._dlt_parent_id = parent.raw_row_id;

create temp table media_title_companies as
select parent.media_type, parent.tmdb_id, parent.as_of_date, parent._load_id, cast(c.id as integer) as company_id,
    nullif(trim(c.name), '') as company_name
from wh.raw_media.movie_details__production_companies as c
inner join media_details as parent on c._dlt_parent_id = parent.raw_row_id
union all
select parent.media_type, parent.tmdb_id, parent.as_of_date, parent._load_id, cast(c.id as integer),
    nullif(trim(c.name), '')
from wh.raw_media.tv_details__production_companies as c
inner join media_details as parent on c._dlt_parent_id = parent.raw_row_id;

create temp table media_title_languages as
select parent.media_type, parent.tmdb_id, parent.as_of_date, parent._load_id,
    nullif(trim(c.iso_639_1), '') as language_code, nullif(trim(c.english_name), '') as english_name
from wh.raw_media.movie_details__spoken_languages as c
inner join media_details as parent on c._dlt_parent_id = parent.raw_row_id
union all
select parent.media_type, parent.tmdb_id, parent.as_of_date, parent._load_id, nullif(trim(c.iso_639_1), ''),
    nullif(trim(c.english_name), '')
from wh.raw_media.tv_details__spoken_languages as c
inner join media_details as parent on c._dlt_parent_id = parent.raw_row_id;

create temp table media_tv_networks as
select parent.media_type, parent.tmdb_id, parent.as_of_date, parent._load_id, cast(c.id as integer) as network_id,
    nullif(trim(c.name), '') as network_name
from wh.raw_media.tv_details__networks as c
inner join media_details as parent on c._dlt_parent_id = parent.raw_row_id;

-- int_media_titles_daily: every movie and show a list named that day, its list ranks, and its attributes from
-- the details, else from its preferred list entry (popular, then discover, then trending).
create temp table media_titles_daily as
with list_ranks as (
    select
        media_type,
        tmdb_id,
        as_of_date,
        min(case when list_name in ('movie_popular', 'tv_popular') then list_position end) as popular_list_rank,
        min(case when list_name in ('discover_movie', 'discover_tv') then list_position end) as discover_list_rank,
        min(case when list_name = 'trending_all_day' then list_position end) as trending_rank,
        arg_min(
            list_entries,
            case
                when list_name in ('movie_popular', 'tv_popular') then 1
                when list_name in ('discover_movie', 'discover_tv') then 2
                else 3
            end
        ) as listed
    from media_list_entries as list_entries
    group by media_type, tmdb_id, as_of_date
)

select
    list_ranks.media_type,
    list_ranks.tmdb_id,
    list_ranks.as_of_date,
    coalesce(details.title, list_ranks.listed.title) as title,
    coalesce(details.original_title, list_ranks.listed.original_title) as original_title,
    details.status,
    details.runtime_minutes,
    coalesce(details.release_date, list_ranks.listed.release_date) as release_date,
    coalesce(details.original_language, list_ranks.listed.original_language) as original_language,
    coalesce(details.is_adult, list_ranks.listed.is_adult) as is_adult,
    md5(coalesce(details.overview, list_ranks.listed.overview)) as overview_md5,
    coalesce(details.popularity, list_ranks.listed.popularity) as popularity,
    coalesce(details.vote_average, list_ranks.listed.vote_average) as vote_average,
    coalesce(details.vote_count, list_ranks.listed.vote_count) as vote_count,
    details.budget_usd,
    details.revenue_usd,
    details.number_of_seasons,
    details.number_of_episodes,
    list_ranks.popular_list_rank,
    list_ranks.discover_list_rank,
    list_ranks.trending_rank
from list_ranks
left join media_details as details
    on list_ranks.media_type = details.media_type
    and list_ranks.tmdb_id = details.tmdb_id
    and list_ranks.as_of_date = details.as_of_date;

create temp table media_latest as
select media_type, tmdb_id, max(as_of_date) as as_of_date
from media_titles_daily
group by media_type, tmdb_id;

-- dim_title: versions on the snap_title check_cols, as in gaming.sql.
create table media.dim_title as
with tracked as (
    select
        *,
        row(title, original_title, status, runtime_minutes, release_date, original_language, is_adult, overview_md5)
            as tracked
    from media_titles_daily
),

changes as (
    select *
    from tracked
    qualify lag(tracked) over (partition by media_type, tmdb_id order by as_of_date) is distinct from tracked
)

select
    md5(sk_part(media_type) || '|' || sk_part(tmdb_id) || '|' || sk_part(as_of_date)) as title_key,
    media_type,
    tmdb_id,
    title,
    original_title,
    release_date,
    as_of_date as valid_from,
    coalesce(
        lead(as_of_date) over (partition by media_type, tmdb_id order by as_of_date), date '9999-12-31'
    ) as valid_to,
    cast(row_number() over (partition by media_type, tmdb_id order by as_of_date) as integer) as version_number,
    false as is_unknown_member
from changes
union all
select '-1', null, null, null, null, null, date '1900-01-01', date '9999-12-31', 1, true;

-- Ordered by date first: the biggest fact of the schema, and readers prune row groups by date.
create table media.fct_title_daily_metrics as
select
    coalesce(titles.title_key, '-1') as title_key,
    date_key(daily.as_of_date) as date_key,
    daily.media_type,
    daily.tmdb_id,
    daily.as_of_date,
    daily.popularity,
    case
        when daily.popularity is not null
            then cast(rank() over (
                partition by daily.as_of_date, daily.media_type, daily.popularity is null
                order by daily.popularity desc
            ) as integer)
    end as popularity_rank,
    daily.vote_average,
    daily.vote_count,
    daily.trending_rank,
    daily.trending_rank is not null as is_trending,
    daily.popular_list_rank,
    daily.discover_list_rank,
    daily.budget_usd,
    daily.revenue_usd,
    daily.number_of_seasons,
    daily.number_of_episodes
from media_titles_daily as daily
left join media.dim_title as titles
    on daily.media_type = titles.media_type
    and daily.tmdb_id = titles.tmdb_id
    and daily.as_of_date >= titles.valid_from
    and daily.as_of_date < titles.valid_to;

-- Type 1 dimensions.
create table media.dim_company as
select
    md5(sk_part(company_id)) as company_key, company_id, arg_max(company_name, (as_of_date, _load_id)) as company_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from media_title_companies where company_id is not null group by company_id
union all select '-1', null, null, null, null, true;

create table media.dim_network as
select
    md5(sk_part(network_id)) as network_key, network_id, arg_max(network_name, (as_of_date, _load_id)) as network_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from media_tv_networks where network_id is not null group by network_id
union all select '-1', null, null, null, null, true;

-- dim_language: the configuration list, plus codes the titles speak that the day's list lacks.
create table media.dim_language as
with listed as (
    select cast(iso_639_1 as varchar) as language_code, cast(as_of_date as date) as as_of_date,
        nullif(trim(english_name), '') as english_name, _dlt_load_id as _load_id
    from wh.raw_media.languages
    qualify row_number() over (partition by iso_639_1, as_of_date order by _dlt_load_id desc) = 1
),

sightings as (
    select language_code, as_of_date, english_name, _load_id from listed
    union all
    select spoken.language_code, spoken.as_of_date, spoken.english_name, spoken._load_id
    from media_title_languages as spoken
    anti join listed on spoken.language_code = listed.language_code and spoken.as_of_date = listed.as_of_date
    where spoken.language_code is not null
)

select
    md5(sk_part(language_code)) as language_key, language_code,
    arg_max(english_name, (as_of_date, _load_id)) as english_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from sightings where language_code is not null group by language_code
union all select '-1', null, null, null, null, true;

-- dim_genre: both genre lists, plus genres the titles name that the day's lists lack; the id is the key.
create table media.dim_genre as
with listed as (
    select cast(id as integer) as genre_id, cast(as_of_date as date) as as_of_date,
        nullif(trim(name), '') as genre_name, _dlt_load_id as _load_id
    from wh.raw_media.genres
    qualify row_number() over (partition by media_type, id, as_of_date order by _dlt_load_id desc) = 1
),

sightings as (
    select genre_id, as_of_date, genre_name, _load_id from listed
    union all
    select named.genre_id, named.as_of_date, named.genre_name, named._load_id
    from media_title_genres as named
    anti join listed on named.genre_id = listed.genre_id and named.as_of_date = listed.as_of_date
    where named.genre_id is not null
)

select
    md5(sk_part(genre_id)) as genre_key, genre_id, arg_max(genre_name, (as_of_date, _load_id)) as genre_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from sightings group by genre_id
union all select '-1', null, null, null, null, true;

-- Bridges: the members listed on the title's newest as-of date (of int_media_titles_daily).
create table media.bridge_title_genre as
select
    members.media_type, members.tmdb_id, md5(sk_part(members.genre_id)) as genre_key, members.genre_id,
    min(members.as_of_date) over (partition by members.media_type, members.tmdb_id, members.genre_id)
        as first_seen_date,
    members.as_of_date as last_seen_date
from media_title_genres as members
inner join media_latest as latest on members.media_type = latest.media_type and members.tmdb_id = latest.tmdb_id
where members.genre_id is not null
qualify members.as_of_date = latest.as_of_date;

create table media.bridge_title_company as
select
    members.media_type, members.tmdb_id, md5(sk_part(members.company_id)) as company_key, members.company_id,
    min(members.as_of_date) over (partition by members.media_type, members.tmdb_id, members.company_id)
        as first_seen_date,
    members.as_of_date as last_seen_date
from media_title_companies as members
inner join media_latest as latest on members.media_type = latest.media_type and members.tmdb_id = latest.tmdb_id
where members.company_id is not null
qualify members.as_of_date = latest.as_of_date;

create table media.bridge_title_language as
select
    members.media_type, members.tmdb_id, md5(sk_part(members.language_code)) as language_key, members.language_code,
    min(members.as_of_date) over (partition by members.media_type, members.tmdb_id, members.language_code)
        as first_seen_date,
    members.as_of_date as last_seen_date
from media_title_languages as members
inner join media_latest as latest on members.media_type = latest.media_type and members.tmdb_id = latest.tmdb_id
where members.language_code is not null
qualify members.as_of_date = latest.as_of_date;

create table media.bridge_title_network as
select
    members.media_type, members.tmdb_id, md5(sk_part(members.network_id)) as network_key, members.network_id,
    min(members.as_of_date) over (partition by members.media_type, members.tmdb_id, members.network_id)
        as first_seen_date,
    members.as_of_date as last_seen_date
from media_tv_networks as members
inner join media_latest as latest on members.media_type = latest.media_type and members.tmdb_id = latest.tmdb_id
where members.network_id is not null
qualify members.as_of_date = latest.as_of_date;
