-- Gaming: dim_game (SCD2), five type 1 dimensions, five bridges, fct_game_daily_metrics.

-- Staging: the newest load per (app, as-of date) of every root table; child rows through their kept parent row.
create temp table gaming_store as
select
    _dlt_id as raw_row_id,
    cast(app_id as integer) as app_id,
    cast(as_of_date as date) as as_of_date,
    cast(success as boolean) as has_store_details,
    data__type as app_type,
    nullif(trim(data__name), '') as game_name,
    data__is_free as is_free,
    try_cast(nullif(trim(cast(data__required_age as varchar)), '') as bigint) as required_age,
    data__platforms__windows as is_on_windows,
    data__platforms__mac as is_on_mac,
    data__platforms__linux as is_on_linux,
    data__release_date__coming_soon as is_coming_soon,
    data__release_date__date as release_date_text,
    cast(coalesce(
        try_strptime(data__release_date__date, '%d %b, %Y'),
        try_strptime(data__release_date__date, '%b %d, %Y'),
        try_strptime(data__release_date__date, '%d %B, %Y'),
        try_strptime(data__release_date__date, '%B %d, %Y')
    ) as date) as release_date,
    cast(data__metacritic__score as integer) as metacritic_score,
    data__price_overview__currency as price_currency,
    case when data__is_free then 0 else data__price_overview__initial end as initial_price_cents,
    case when data__is_free then 0 else data__price_overview__final end as final_price_cents,
    case when data__is_free then 0 else data__price_overview__discount_percent end as discount_percent,
    _dlt_load_id as _load_id
from wh.raw_gaming.steam_app_details
qualify row_number() over (partition by app_id, as_of_date order by _dlt_load_id desc) = 1;

create temp table gaming_steamspy as
select
    cast(appid as integer) as app_id,
    cast(as_of_date as date) as as_of_date,
    nullif(trim(name), '') as app_name,
    try_cast(nullif(trim(replace(split_part(owners, '..', 1), ',', '')), '') as bigint) as owners_min,
    try_cast(nullif(trim(replace(split_part(owners, '..', 2), ',', '')), '') as bigint) as owners_max,
    cast(ccu as integer) as ccu,
    players_2weeks,
    positive as positive_reviews,
    negative as negative_reviews,
    -- A block of four zeros is SteamSpy's "no sample": NULL, not 0 minutes.
    case when coalesce(average_forever, 0) <> 0 or coalesce(average_2weeks, 0) <> 0
        or coalesce(median_forever, 0) <> 0 or coalesce(median_2weeks, 0) <> 0
        then struct_pack(
            average_forever := cast(average_forever as integer), average_2weeks := cast(average_2weeks as integer),
            median_forever := cast(median_forever as integer), median_2weeks := cast(median_2weeks as integer)
        ) end as playtime
from wh.raw_gaming.steamspy_apps
qualify row_number() over (partition by appid, as_of_date order by _dlt_load_id desc) = 1;

create temp table gaming_steamspy_details as
select
    _dlt_id as raw_row_id,
    cast(appid as integer) as app_id,
    cast(as_of_date as date) as as_of_date,
    nullif(trim(name), '') as app_name,
    -- A block of four zeros is SteamSpy's "no sample": NULL, not 0 minutes.
    case when coalesce(average_forever, 0) <> 0 or coalesce(average_2weeks, 0) <> 0
        or coalesce(median_forever, 0) <> 0 or coalesce(median_2weeks, 0) <> 0
        then struct_pack(
            average_forever := cast(average_forever as integer), average_2weeks := cast(average_2weeks as integer),
            median_forever := cast(median_forever as integer), median_2weeks := cast(median_2weeks as integer)
        ) end as playtime,
    _dlt_load_id as _load_id
from wh.raw_gaming.steamspy_app_details
qualify row_number() over (partition by appid, as_of_date order by _dlt_load_id desc) = 1;

create temp table gaming_reviews as
select
    cast(app_id as integer) as app_id,
    cast(as_of_date as date) as as_of_date,
    nullif(cast(query_summary__review_score as integer), 0) as review_score,
    nullif(trim(query_summary__review_score_desc), '') as review_score_description,
    query_summary__total_positive as positive_reviews,
    query_summary__total_negative as negative_reviews,
    query_summary__total_reviews as total_reviews
from wh.raw_gaming.steam_app_reviews
qualify row_number() over (partition by app_id, as_of_date order by _dlt_load_id desc) = 1;

create temp table gaming_players as
select
    cast(app_id as integer) as app_id,
    cast(as_of_date as date) as as_of_date,
    case when cast(response__result as integer) = 1 then response__player_count end as current_players
from wh.raw_gaming.steam_current_players
qualify row_number() over (partition by app_id, as_of_date order by _dlt_load_id desc) = 1;

create temp table gaming_developers as
select store.app_id, store.as_of_date, store._load_id, trim(c.value) as developer_name, c._dlt_list_idx + 1 as listed_position
from wh.raw_gaming.steam_app_details__data__developers as c
inner join gaming_store as store on c._dlt_parent_id = store.raw_row_id
where nullif(trim(c.value), '') is not null;

create temp table gaming_publishers as
select store.app_id, store.as_of_date, store._load_id, trim(c.value) as publisher_name, c._dlt_list_idx + 1 as listed_position
from wh.raw_gaming.steam_app_details__data__publishers as c
inner join gaming_store as store on c._dlt_parent_id = store.raw_row_id
where nullif(trim(c.value), '') is not null;

create temp table gaming_genres as
select store.app_id, store.as_of_date, store._load_id, cast(c.id as varchar) as genre_id, trim(c.description) as genre_name
from wh.raw_gaming.steam_app_details__data__genres as c
inner join gaming_store as store on c._dlt_parent_id = store.raw_row_id;

create temp table gaming_categories as
select store.app_id, store.as_of_date, store._load_id, cast(c.id as integer) as category_id, trim(c.description) as category_name
from wh.raw_gaming.steam_app_details__data__categories as c
inner join gaming_store as store on c._dlt_parent_id = store.raw_row_id;

create temp table gaming_tags as
select details.app_id, details.as_of_date, details._load_id, trim(c.tag) as tag_name, c.votes
from wh.raw_gaming.steamspy_app_details__tags as c
inner join gaming_steamspy_details as details on c._dlt_parent_id = details.raw_row_id
where nullif(trim(c.tag), '') is not null;

-- int_game_attributes: one row per stored app per as-of date with every tracked attribute.
create temp table gaming_attributes as
with developer_lists as (
    select app_id, as_of_date, string_agg(developer_name, ', ' order by listed_position) as developers
    from gaming_developers
    group by app_id, as_of_date
),

publisher_lists as (
    select app_id, as_of_date, string_agg(publisher_name, ', ' order by listed_position) as publishers
    from gaming_publishers
    group by app_id, as_of_date
)

select
    store.app_id,
    store.as_of_date,
    coalesce(store.game_name, steamspy.app_name, steamspy_details.app_name) as game_name,
    store.app_type,
    store.is_free,
    store.initial_price_cents as list_price_cents,
    store.price_currency,
    developer_lists.developers,
    publisher_lists.publishers,
    store.is_on_windows,
    store.is_on_mac,
    store.is_on_linux,
    store.release_date,
    store.release_date_text,
    store.is_coming_soon,
    store.required_age,
    store.metacritic_score,
    store.has_store_details
from gaming_store as store
left join gaming_steamspy as steamspy
    on store.app_id = steamspy.app_id and store.as_of_date = steamspy.as_of_date
left join gaming_steamspy_details as steamspy_details
    on store.app_id = steamspy_details.app_id and store.as_of_date = steamspy_details.as_of_date
left join developer_lists
    on store.app_id = developer_lists.app_id and store.as_of_date = developer_lists.as_of_date
left join publisher_lists
    on store.app_id = publisher_lists.app_id and store.as_of_date = publisher_lists.as_of_date;

create temp table gaming_latest as
select app_id, max(as_of_date) as as_of_date
from gaming_attributes
group by app_id;

-- dim_game: a version starts on every as-of date whose tracked attributes (snap_game's check_cols) differ from
-- the app's previous as-of date; the struct comparison is NULL-safe, like the snapshot's.
create table gaming.dim_game as
with tracked as (
    select
        *,
        row(
            game_name, app_type, is_free, list_price_cents, price_currency, developers, publishers, is_on_windows,
            is_on_mac, is_on_linux, release_date, release_date_text, is_coming_soon, required_age,
            metacritic_score, has_store_details
        ) as tracked
    from gaming_attributes
),

changes as (
    select *
    from tracked
    qualify lag(tracked) over (partition by app_id order by as_of_date) is distinct from tracked
)

select
    md5(sk_part(app_id) || '|' || sk_part(as_of_date)) as game_key,
    app_id,
    game_name,
    list_price_cents,
    developers,
    publishers,
    as_of_date as valid_from,
    coalesce(lead(as_of_date) over (partition by app_id order by as_of_date), date '9999-12-31') as valid_to,
    cast(row_number() over (partition by app_id order by as_of_date) as integer) as version_number,
    false as is_unknown_member
from changes
union all
select '-1', null, null, null, null, null, date '1900-01-01', date '9999-12-31', 1, true;

create table gaming.fct_game_daily_metrics as
select
    coalesce(games.game_key, '-1') as game_key,
    date_key(store.as_of_date) as date_key,
    store.app_id,
    store.as_of_date,
    players.current_players,
    steamspy.ccu,
    steamspy.owners_min,
    steamspy.owners_max,
    cast((steamspy.owners_min + steamspy.owners_max) / 2 as bigint) as owners_estimate,
    steamspy.players_2weeks,
    reviews.positive_reviews,
    reviews.negative_reviews,
    reviews.total_reviews,
    reviews.review_score,
    reviews.review_score_description,
    coalesce(steamspy_details.playtime.average_forever, steamspy.playtime.average_forever) as average_playtime_forever_minutes,
    coalesce(steamspy_details.playtime.average_2weeks, steamspy.playtime.average_2weeks) as average_playtime_2weeks_minutes,
    coalesce(steamspy_details.playtime.median_forever, steamspy.playtime.median_forever) as median_playtime_forever_minutes,
    coalesce(steamspy_details.playtime.median_2weeks, steamspy.playtime.median_2weeks) as median_playtime_2weeks_minutes,
    store.initial_price_cents,
    store.final_price_cents,
    store.discount_percent,
    store.price_currency
from gaming_store as store
left join gaming_steamspy as steamspy
    on store.app_id = steamspy.app_id and store.as_of_date = steamspy.as_of_date
left join gaming_steamspy_details as steamspy_details
    on store.app_id = steamspy_details.app_id and store.as_of_date = steamspy_details.as_of_date
left join gaming_reviews as reviews
    on store.app_id = reviews.app_id and store.as_of_date = reviews.as_of_date
left join gaming_players as players
    on store.app_id = players.app_id and store.as_of_date = players.as_of_date
left join gaming.dim_game as games
    on store.app_id = games.app_id
    and store.as_of_date >= games.valid_from
    and store.as_of_date < games.valid_to;

-- Type 1 dimensions: the newest values per natural key, first and last sighting, plus the unknown member.
create table gaming.dim_category as
select
    md5(sk_part(category_id)) as category_key, category_id, arg_max(category_name, (as_of_date, _load_id)) as category_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from gaming_categories where category_id is not null group by category_id
union all select '-1', null, null, null, null, true;

create table gaming.dim_genre as
select
    md5(sk_part(genre_id)) as genre_key, genre_id, arg_max(genre_name, (as_of_date, _load_id)) as genre_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from gaming_genres where genre_id is not null group by genre_id
union all select '-1', null, null, null, null, true;

create table gaming.dim_developer as
select
    md5(sk_part(developer_name)) as developer_key, developer_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from gaming_developers group by developer_name
union all select '-1', null, null, null, true;

create table gaming.dim_publisher as
select
    md5(sk_part(publisher_name)) as publisher_key, publisher_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from gaming_publishers group by publisher_name
union all select '-1', null, null, null, true;

create table gaming.dim_tag as
select
    md5(sk_part(tag_name)) as tag_key, tag_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from gaming_tags group by tag_name
union all select '-1', null, null, null, true;

-- Bridges: the members listed on the game's newest as-of date, with the membership's first sighting.
create table gaming.bridge_game_category as
select
    members.app_id, md5(sk_part(members.category_id)) as category_key, members.category_id,
    min(members.as_of_date) over (partition by members.app_id, members.category_id) as first_seen_date,
    members.as_of_date as last_seen_date
from gaming_categories as members
inner join gaming_latest as latest on members.app_id = latest.app_id
where members.category_id is not null
qualify members.as_of_date = latest.as_of_date;

create table gaming.bridge_game_genre as
select
    members.app_id, md5(sk_part(members.genre_id)) as genre_key, members.genre_id,
    min(members.as_of_date) over (partition by members.app_id, members.genre_id) as first_seen_date,
    members.as_of_date as last_seen_date
from gaming_genres as members
inner join gaming_latest as latest on members.app_id = latest.app_id
where members.genre_id is not null
qualify members.as_of_date = latest.as_of_date;

create table gaming.bridge_game_developer as
select
    members.app_id, md5(sk_part(members.developer_name)) as developer_key, members.developer_name,
    min(members.as_of_date) over (partition by members.app_id, members.developer_name) as first_seen_date,
    members.as_of_date as last_seen_date
from gaming_developers as members
inner join gaming_latest as latest on members.app_id = latest.app_id
qualify members.as_of_date = latest.as_of_date;

create table gaming.bridge_game_publisher as
select
    members.app_id, md5(sk_part(members.publisher_name)) as publisher_key, members.publisher_name,
    min(members.as_of_date) over (partition by members.app_id, members.publisher_name) as first_seen_date,
    members.as_of_date as last_seen_date
from gaming_publishers as members
inner join gaming_latest as latest on members.app_id = latest.app_id
qualify members.as_of_date = latest.as_of_date;

create table gaming.bridge_game_tag as
with current_tags as (
    select
        members.app_id, md5(sk_part(members.tag_name)) as tag_key, members.tag_name, members.votes,
        min(members.as_of_date) over (partition by members.app_id, members.tag_name) as first_seen_date,
        members.as_of_date as last_seen_date
    from gaming_tags as members
    inner join gaming_latest as latest on members.app_id = latest.app_id
    qualify members.as_of_date = latest.as_of_date
)

select
    app_id, tag_key, tag_name, votes as tag_votes,
    1.0 * votes / nullif(sum(votes) over (partition by app_id), 0) as tag_weight,
    first_seen_date,
    last_seen_date
from current_tags;
