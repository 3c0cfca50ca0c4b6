-- Crypto: dim_coin (SCD2), dim_category, dim_exchange, bridge_coin_category and five facts.

-- Staging: the newest load per (entity, as-of date); child rows through their kept parent row.
create temp table crypto_markets as
select
    cast(id as varchar) as coin_id,
    cast(as_of_date as date) as as_of_date,
    lower(vs_currency) as vs_currency,
    nullif(trim(symbol), '') as symbol,
    nullif(trim(name), '') as coin_name,
    cast(market_cap_rank as integer) as market_cap_rank,
    current_price,
    nullif(market_cap, 0) as market_cap,
    nullif(fully_diluted_valuation, 0) as fully_diluted_valuation,
    total_volume,
    high_24h,
    low_24h,
    price_change_24h,
    price_change_percentage_1h_in_currency as price_change_percentage_1h,
    coalesce(price_change_percentage_24h_in_currency, price_change_percentage_24h) as price_change_percentage_24h,
    price_change_percentage_7d_in_currency as price_change_percentage_7d,
    price_change_percentage_30d_in_currency as price_change_percentage_30d,
    case when market_cap > 0 then market_cap_change_24h end as market_cap_change_24h,
    case when market_cap > 0 then market_cap_change_percentage_24h end as market_cap_change_percentage_24h,
    nullif(circulating_supply, 0) as circulating_supply,
    total_supply,
    max_supply,
    ath,
    ath_change_percentage,
    cast(timezone('UTC', ath_date) as timestamp) as ath_at,
    atl,
    atl_change_percentage,
    cast(timezone('UTC', atl_date) as timestamp) as atl_at,
    roi__times as roi_times,
    nullif(trim(roi__currency), '') as roi_currency,
    cast(timezone('UTC', last_updated) as timestamp) as last_updated_at
from wh.raw_crypto.coins_markets
qualify row_number() over (partition by id, as_of_date order by _dlt_load_id desc) = 1;

create temp table crypto_details as
select
    _dlt_id as raw_row_id,
    cast(coin_id as varchar) as coin_id,
    cast(as_of_date as date) as as_of_date,
    nullif(trim(name), '') as coin_name,
    nullif(trim(symbol), '') as symbol,
    nullif(trim(hashing_algorithm), '') as hashing_algorithm,
    cast(nullif(trim(genesis_date), '') as date) as genesis_date,
    sentiment_votes_up_percentage,
    sentiment_votes_down_percentage,
    watchlist_portfolio_users,
    nullif(community_data__facebook_likes, 0) as facebook_likes,
    nullif(community_data__twitter_followers, 0) as twitter_followers,
    nullif(community_data__telegram_channel_user_count, 0) as telegram_channel_users,
    -- Blocks of zeros are CoinGecko's placeholders for untracked accounts and repositories: NULL.
    case when coalesce(community_data__reddit_subscribers, 0) <> 0 then community_data__reddit_subscribers end as reddit_subscribers,
    case when coalesce(community_data__reddit_subscribers, 0) <> 0 then community_data__reddit_average_posts_48h end as reddit_average_posts_48h,
    case when coalesce(community_data__reddit_subscribers, 0) <> 0 then community_data__reddit_average_comments_48h end as reddit_average_comments_48h,
    case when coalesce(community_data__reddit_subscribers, 0) <> 0 then community_data__reddit_accounts_active_48h end as reddit_accounts_active_48h,
    (
        coalesce(developer_data__forks, 0) <> 0
        or coalesce(developer_data__stars, 0) <> 0
        or coalesce(developer_data__subscribers, 0) <> 0
        or coalesce(developer_data__total_issues, 0) <> 0
        or coalesce(developer_data__closed_issues, 0) <> 0
        or coalesce(developer_data__pull_requests_merged, 0) <> 0
        or coalesce(developer_data__pull_request_contributors, 0) <> 0
        or coalesce(developer_data__commit_count_4_weeks, 0) <> 0
    ) as has_repository,
    developer_data__forks as repo_forks_as_sent,
    developer_data__stars as repo_stars_as_sent,
    developer_data__subscribers as repo_subscribers_as_sent,
    developer_data__total_issues as repo_total_issues_as_sent,
    developer_data__closed_issues as repo_closed_issues_as_sent,
    developer_data__pull_requests_merged as repo_pull_requests_merged_as_sent,
    developer_data__pull_request_contributors as repo_pull_request_contributors_as_sent,
    developer_data__commit_count_4_weeks as commit_count_4_weeks_as_sent,
    developer_data__code_additions_deletions_4_weeks__additions as code_additions_4_weeks,
    developer_data__code_additions_deletions_4_weeks__deletions as code_deletions_4_weeks,
    _dlt_load_id as _load_id
from wh.raw_crypto.coin_details
qualify row_number() over (partition by coin_id, as_of_date order by _dlt_load_id desc) = 1;

create temp table crypto_coin_categories as
select details.coin_id, details.as_of_date, details._load_id, trim(c.value) as category_name
from wh.raw_crypto.coin_details__categories as c
inner join crypto_details as details on c._dlt_parent_id = details.raw_row_id
where nullif(trim(c.value), '') is not null;

create temp table crypto_categories as
select
    cast(id as varchar) as category_id,
    cast(as_of_date as date) as as_of_date,
    trim(name) as category_name,
    nullif(market_cap, 0) as market_cap,
    case when market_cap > 0 then volume_24h end as volume_24h,
    _dlt_load_id as _load_id
from wh.raw_crypto.coins_categories
qualify row_number() over (partition by id, as_of_date order by _dlt_load_id desc) = 1;

create temp table crypto_exchanges as
select
    cast(id as varchar) as exchange_id,
    cast(as_of_date as date) as as_of_date,
    trim(name) as exchange_name,
    cast(trust_score as integer) as trust_score,
    trade_volume_24h_btc,
    _dlt_load_id as _load_id
from wh.raw_crypto.exchanges
qualify row_number() over (partition by id, as_of_date order by _dlt_load_id desc) = 1;

create temp table crypto_global_market as
select
    _dlt_id as raw_row_id,
    cast(as_of_date as date) as as_of_date,
    lower(vs_currency) as vs_currency
from wh.raw_crypto.global_market
qualify row_number() over (partition by as_of_date order by _dlt_load_id desc) = 1;

-- int_crypto_coin_details: the first real homepage and the category list (by name) of each detailed coin-day.
create temp table crypto_coin_details as
with homepages as (
    select details.coin_id, details.as_of_date, arg_min(trim(c.value), c._dlt_list_idx) as homepage_url
    from wh.raw_crypto.coin_details__links__homepage as c
    inner join crypto_details as details on c._dlt_parent_id = details.raw_row_id
    where nullif(trim(c.value), '') is not null
    group by details.coin_id, details.as_of_date
),

category_lists as (
    select coin_id, as_of_date, string_agg(category_name, '; ' order by category_name) as categories
    from crypto_coin_categories
    group by coin_id, as_of_date
)

select details.*, homepages.homepage_url, category_lists.categories
from crypto_details as details
left join homepages on details.coin_id = homepages.coin_id and details.as_of_date = homepages.as_of_date
left join category_lists
    on details.coin_id = category_lists.coin_id and details.as_of_date = category_lists.as_of_date;

-- int_crypto_coin_attributes: a coin is a member on a day its markets list it or it was detailed; the other
-- attributes come from the newest details on or before the day.
create temp table crypto_coin_days as
select coin_id, as_of_date from crypto_markets
union
select coin_id, as_of_date from crypto_details;

create temp table crypto_attributes as
select
    coin_days.coin_id,
    coin_days.as_of_date,
    coalesce(markets.coin_name, details.coin_name) as coin_name,
    coalesce(markets.symbol, details.symbol) as symbol,
    details.hashing_algorithm,
    details.genesis_date,
    details.homepage_url,
    details.categories
from crypto_coin_days as coin_days
left join crypto_markets as markets
    on coin_days.coin_id = markets.coin_id and coin_days.as_of_date = markets.as_of_date
asof left join crypto_coin_details as details
    on coin_days.coin_id = details.coin_id and coin_days.as_of_date >= details.as_of_date;

-- dim_coin: versions on the snap_coin check_cols, as in gaming.sql.
create table crypto.dim_coin as
with tracked as (
    select *, row(coin_name, symbol, hashing_algorithm, genesis_date, homepage_url, categories) as tracked
    from crypto_attributes
),

changes as (
    select *
    from tracked
    qualify lag(tracked) over (partition by coin_id order by as_of_date) is distinct from tracked
)

select
    md5(sk_part(coin_id) || '|' || sk_part(as_of_date)) as coin_key,
    coin_id,
    coin_name,
    symbol,
    categories,
    as_of_date as valid_from,
    coalesce(lead(as_of_date) over (partition by coin_id order by as_of_date), date '9999-12-31') as valid_to,
    cast(row_number() over (partition by coin_id order by as_of_date) as integer) as version_number,
    false as is_unknown_member
from changes
union all
select '-1', null, null, null, null, date '1900-01-01', date '9999-12-31', 1, true;

-- fct_coin_daily_metrics: the member coin-days of the dates the markets answered.
create table crypto.fct_coin_daily_metrics as
select
    coalesce(coins.coin_key, '-1') as coin_key,
    date_key(coin_days.as_of_date) as date_key,
    coin_days.coin_id,
    coin_days.as_of_date,
    coalesce(markets.vs_currency, global_market.vs_currency) as vs_currency,
    markets.market_cap_rank,
    markets.current_price,
    markets.market_cap,
    markets.fully_diluted_valuation,
    markets.total_volume as total_volume_24h,
    markets.high_24h,
    markets.low_24h,
    markets.price_change_24h,
    markets.price_change_percentage_1h,
    markets.price_change_percentage_24h,
    markets.price_change_percentage_7d,
    markets.price_change_percentage_30d,
    markets.market_cap_change_24h,
    markets.market_cap_change_percentage_24h,
    markets.circulating_supply,
    markets.total_supply,
    markets.max_supply,
    markets.ath,
    markets.ath_change_percentage,
    markets.ath_at,
    markets.atl,
    markets.atl_change_percentage,
    markets.atl_at,
    markets.roi_times,
    markets.roi_currency,
    details.coin_id is not null as has_details,
    details.sentiment_votes_up_percentage,
    details.sentiment_votes_down_percentage,
    details.watchlist_portfolio_users,
    details.facebook_likes,
    details.twitter_followers,
    details.reddit_subscribers,
    details.reddit_average_posts_48h,
    details.reddit_average_comments_48h,
    details.reddit_accounts_active_48h,
    details.telegram_channel_users,
    case when details.has_repository then details.repo_forks_as_sent end as repo_forks,
    case when details.has_repository then details.repo_stars_as_sent end as repo_stars,
    case when details.has_repository then details.repo_subscribers_as_sent end as repo_subscribers,
    case when details.has_repository then details.repo_total_issues_as_sent end as repo_total_issues,
    case when details.has_repository then details.repo_closed_issues_as_sent end as repo_closed_issues,
    case when details.has_repository then details.repo_pull_requests_merged_as_sent end as repo_pull_requests_merged,
    case when details.has_repository then details.repo_pull_request_contributors_as_sent end as repo_pull_request_contributors,
    case when details.has_repository then details.commit_count_4_weeks_as_sent end as commit_count_4_weeks,
    details.code_additions_4_weeks,
    details.code_deletions_4_weeks,
    markets.last_updated_at
from crypto_coin_days as coin_days
semi join (select distinct as_of_date from crypto_markets) as market_dates
    on coin_days.as_of_date = market_dates.as_of_date
left join crypto_markets as markets
    on coin_days.coin_id = markets.coin_id and coin_days.as_of_date = markets.as_of_date
left join crypto_details as details
    on coin_days.coin_id = details.coin_id and coin_days.as_of_date = details.as_of_date
left join crypto_global_market as global_market
    on coin_days.as_of_date = global_market.as_of_date
left join crypto.dim_coin as coins
    on coin_days.coin_id = coins.coin_id
    and coin_days.as_of_date >= coins.valid_from
    and coin_days.as_of_date < coins.valid_to;

-- fct_coin_price_history: per coin and UTC day the newest load's latest point; days before the first version
-- take the first version.
create table crypto.fct_coin_price_history as
with price_days as (
    select
        cast(coin_id as varchar) as coin_id,
        cast(epoch_ms(cast(timestamp_ms as bigint)) as date) as price_date,
        price,
        nullif(market_cap, 0) as market_cap,
        total_volume
    from wh.raw_crypto.coin_market_chart
    qualify row_number() over (
        partition by coin_id, price_date order by _dlt_load_id desc, timestamp_ms desc
    ) = 1
)

select
    coalesce(coins.coin_key, '-1') as coin_key,
    date_key(price_days.price_date) as date_key,
    price_days.coin_id,
    price_days.price_date,
    price_days.price,
    price_days.market_cap,
    price_days.total_volume
from price_days
left join crypto.dim_coin as coins
    on price_days.coin_id = coins.coin_id
    and (price_days.price_date >= coins.valid_from or coins.version_number = 1)
    and price_days.price_date < coins.valid_to;

create table crypto.fct_exchange_daily_metrics as
select
    md5(sk_part(exchange_id)) as exchange_key,
    date_key(as_of_date) as date_key,
    exchange_id,
    as_of_date,
    trust_score,
    trade_volume_24h_btc
from crypto_exchanges;

create table crypto.fct_category_daily_metrics as
select
    md5(sk_part(category_name)) as category_key,
    date_key(as_of_date) as date_key,
    category_id,
    as_of_date,
    market_cap as market_cap_usd,
    volume_24h as volume_24h_usd
from crypto_categories;

create table crypto.fct_market_daily as
with totals as (
    select global_market.as_of_date, lower(trim(t.currency)) as currency, t.total_market_cap, t.total_volume
    from wh.raw_crypto.global_market__totals as t
    inner join crypto_global_market as global_market on t._dlt_parent_id = global_market.raw_row_id
),

dominance as (
    select
        global_market.as_of_date,
        max(case when lower(trim(s.coin_symbol)) = 'btc' then s.market_cap_percentage end) as btc_share,
        max(case when lower(trim(s.coin_symbol)) = 'eth' then s.market_cap_percentage end) as eth_share
    from wh.raw_crypto.global_market__market_cap_percentage as s
    inner join crypto_global_market as global_market on s._dlt_parent_id = global_market.raw_row_id
    group by global_market.as_of_date
)

select
    date_key(global_market.as_of_date) as date_key,
    global_market.as_of_date,
    global_market.vs_currency,
    totals.total_market_cap,
    totals.total_volume as total_volume_24h,
    dominance.btc_share as btc_market_cap_percentage,
    dominance.eth_share as eth_market_cap_percentage
from crypto_global_market as global_market
left join totals
    on global_market.as_of_date = totals.as_of_date and global_market.vs_currency = totals.currency
left join dominance on global_market.as_of_date = dominance.as_of_date;

-- dim_category: keyed by name, from the category list and the coins' category mentions.
create table crypto.dim_category as
with sightings as (
    select category_name, as_of_date from crypto_categories
    union all
    select category_name, as_of_date from crypto_coin_categories
)

select
    md5(sk_part(category_name)) as category_key, category_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from sightings
where category_name is not null
group by category_name
union all select '-1', null, null, null, true;

create table crypto.dim_exchange as
select
    md5(sk_part(exchange_id)) as exchange_key, exchange_id,
    arg_max(exchange_name, (as_of_date, _load_id)) as exchange_name,
    min(as_of_date) as first_seen_date, max(as_of_date) as last_seen_date, false as is_unknown_member
from crypto_exchanges
where exchange_id is not null
group by exchange_id
union all select '-1', null, null, null, null, true;

-- bridge_coin_category: the categories of each coin's newest details.
create table crypto.bridge_coin_category as
with latest as (
    select coin_id, max(as_of_date) as as_of_date
    from crypto_details
    group by coin_id
)

select
    members.coin_id,
    md5(sk_part(members.category_name)) as category_key,
    members.category_name,
    min(members.as_of_date) over (partition by members.coin_id, members.category_name) as first_seen_date,
    members.as_of_date as last_seen_date
from crypto_coin_categories as members
inner join latest on members.coin_id = latest.coin_id
qualify members.as_of_date = latest.as_of_date;
