{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['coin_id', 'date_key'],
    on_schema_change='append_new_columns',
) }}

-- Periodic snapshot: one row per coin in the markets or detailed per as-of date. An incremental run processes
-- the as-of dates that received a load since the last build; delete+insert on the grain makes a same-day re-run
-- replace its rows instead of adding to them. Sentiment, community and developer figures come from that day's
-- /coins/{id} answer and stay NULL for coins that were not detailed that day (outside the top N); market
-- figures stay NULL for a detailed coin the markets pages did not reach (a coin_ids entry below max_coins).
with markets as (
    select * from {{ ref('stg_coingecko__coins_markets') }}
),

details as (
    select * from {{ ref('stg_coingecko__coin_details') }}
),

global_market as (
    select * from {{ ref('stg_coingecko__global') }}
),

coins as (
    select * from {{ ref('dim_coin') }}
    where not is_unknown_member
),

as_of_dates_to_build as (
    select distinct as_of_date
    from markets
    {{ loaded_since_last_build() }}
),

coin_days as (
    select markets.coin_id, markets.as_of_date
    from markets
    inner join as_of_dates_to_build
        on markets.as_of_date = as_of_dates_to_build.as_of_date
    union
    select details.coin_id, details.as_of_date
    from details
    inner join as_of_dates_to_build
        on details.as_of_date = as_of_dates_to_build.as_of_date
),

daily as (
    select
        markets.*,
        coin_days.coin_id as member_coin_id,
        coin_days.as_of_date as member_as_of_date,
        -- The run's currency, which /global carries too, for a coin without a markets row.
        coalesce(markets.vs_currency, global_market.vs_currency) as run_vs_currency,
        coalesce(markets._load_id, details._load_id) as member_load_id,
        coalesce(markets._loaded_at, details._loaded_at) as member_loaded_at,
        coalesce(markets._run_id, details._run_id) as member_run_id,
        coalesce(markets._source, details._source) as member_source,
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
        details.repo_forks,
        details.repo_stars,
        details.repo_subscribers,
        details.repo_total_issues,
        details.repo_closed_issues,
        details.repo_pull_requests_merged,
        details.repo_pull_request_contributors,
        details.code_additions_4_weeks,
        details.code_deletions_4_weeks,
        details.commit_count_4_weeks
    from coin_days
    left join markets
        on coin_days.coin_id = markets.coin_id
        and coin_days.as_of_date = markets.as_of_date
    left join details
        on coin_days.coin_id = details.coin_id
        and coin_days.as_of_date = details.as_of_date
    left join global_market
        on coin_days.as_of_date = global_market.as_of_date
),

keyed as (
    select
        -- The dim_coin version valid on the fact's day; the unknown member when no version covers it.
        coalesce(coins.coin_key, {{ unknown_key() }}) as coin_key,
        {{ date_key('daily.member_as_of_date') }} as date_key,
        daily.member_coin_id as coin_id,
        daily.member_as_of_date as as_of_date,
        daily.run_vs_currency as vs_currency,
        daily.market_cap_rank,
        daily.current_price,
        daily.market_cap,
        daily.fully_diluted_valuation,
        daily.total_volume as total_volume_24h,
        daily.high_24h,
        daily.low_24h,
        daily.price_change_24h,
        daily.price_change_percentage_1h,
        daily.price_change_percentage_24h,
        daily.price_change_percentage_7d,
        daily.price_change_percentage_30d,
        daily.market_cap_change_24h,
        daily.market_cap_change_percentage_24h,
        daily.circulating_supply,
        daily.total_supply,
        daily.max_supply,
        daily.ath,
        daily.ath_change_percentage,
        daily.ath_at,
        daily.atl,
        daily.atl_change_percentage,
        daily.atl_at,
        daily.roi_times,
        daily.roi_currency,
        daily.has_details,
        daily.sentiment_votes_up_percentage,
        daily.sentiment_votes_down_percentage,
        daily.watchlist_portfolio_users,
        daily.facebook_likes,
        daily.twitter_followers,
        daily.reddit_subscribers,
        daily.reddit_average_posts_48h,
        daily.reddit_average_comments_48h,
        daily.reddit_accounts_active_48h,
        daily.telegram_channel_users,
        daily.repo_forks,
        daily.repo_stars,
        daily.repo_subscribers,
        daily.repo_total_issues,
        daily.repo_closed_issues,
        daily.repo_pull_requests_merged,
        daily.repo_pull_request_contributors,
        daily.code_additions_4_weeks,
        daily.code_deletions_4_weeks,
        daily.commit_count_4_weeks,
        daily.last_updated_at,
        daily.member_load_id as _load_id,
        daily.member_loaded_at as _loaded_at,
        daily.member_run_id as _run_id,
        daily.member_source as _source,
        {{ build_stamp() }} as _built_at
    from daily
    left join coins
        on daily.member_coin_id = coins.coin_id
        and daily.member_as_of_date >= coins.valid_from
        and daily.member_as_of_date < coins.valid_to
)

select * from keyed
