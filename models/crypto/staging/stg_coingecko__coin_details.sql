with source as (
    select * from {{ source('raw_crypto', 'coin_details') }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['coin_id', 'as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        _dlt_id as _raw_row_id,
        cast(coin_id as {{ dbt.type_string() }}) as coin_id,
        cast(as_of_date as date) as as_of_date,
        nullif(trim(name), '') as coin_name,
        nullif(trim(symbol), '') as symbol,
        nullif(trim(asset_platform_id), '') as asset_platform_id,
        -- Tokens have no hashing algorithm and many coins no genesis date: CoinGecko sends null (sometimes "").
        nullif(trim(hashing_algorithm), '') as hashing_algorithm,
        cast(nullif(trim(genesis_date), '') as date) as genesis_date,
        nullif(trim(country_origin), '') as country_origin,
        cast(block_time_in_minutes as integer) as block_time_minutes,
        sentiment_votes_up_percentage,
        sentiment_votes_down_percentage,
        watchlist_portfolio_users,
        cast(market_cap_rank as integer) as market_cap_rank,
        community_data__facebook_likes as facebook_likes,
        community_data__twitter_followers as twitter_followers,
        community_data__reddit_subscribers as reddit_subscribers,
        community_data__reddit_average_posts_48h as reddit_average_posts_48h,
        community_data__reddit_average_comments_48h as reddit_average_comments_48h,
        community_data__reddit_accounts_active_48h as reddit_accounts_active_48h,
        community_data__telegram_channel_user_count as telegram_channel_users,
        developer_data__forks as repo_forks,
        developer_data__stars as repo_stars,
        developer_data__subscribers as repo_subscribers,
        developer_data__total_issues as repo_total_issues,
        developer_data__closed_issues as repo_closed_issues,
        developer_data__pull_requests_merged as repo_pull_requests_merged,
        developer_data__pull_request_contributors as repo_pull_request_contributors,
        developer_data__code_additions_deletions_4_weeks__additions as code_additions_4_weeks,
        developer_data__code_additions_deletions_4_weeks__deletions as code_deletions_4_weeks,
        developer_data__commit_count_4_weeks as commit_count_4_weeks,
        nullif(trim(links__whitepaper), '') as whitepaper_url,
        nullif(trim(links__subreddit_url), '') as subreddit_url,
        {{ crypto_utc_timestamp('last_updated') }} as last_updated_at,
        {{ audit_columns('coingecko') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
