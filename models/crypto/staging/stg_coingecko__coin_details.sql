{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['coin_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_crypto', 'coin_details') }}
    {{ new_loads() }}
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
        -- An audience of exactly 0 is CoinGecko's placeholder for an account it does not track (it sends null
        -- as often): unknown.
        nullif(community_data__facebook_likes, 0) as facebook_likes,
        nullif(community_data__twitter_followers, 0) as twitter_followers,
        nullif(community_data__telegram_channel_user_count, 0) as telegram_channel_users,
        -- CoinGecko stopped filling reddit figures: it sends all four 0, even for bitcoin. Zeros beside a real
        -- subscriber count are measured and kept.
        {%- for field in [
            'reddit_subscribers', 'reddit_average_posts_48h', 'reddit_average_comments_48h',
            'reddit_accounts_active_48h',
        ] %}
        {{ null_when_all_zero('community_data__' ~ field, ['community_data__reddit_subscribers']) }} as {{ field }},
        {%- endfor %}
        -- A coin without a tracked repository gets every repository count 0 (and null code churn): unknown, not
        -- an empty repository. A tracked repository's zeros (no commits in four weeks) are kept.
        {%- set repository_counts = {
            'forks': 'repo_forks',
            'stars': 'repo_stars',
            'subscribers': 'repo_subscribers',
            'total_issues': 'repo_total_issues',
            'closed_issues': 'repo_closed_issues',
            'pull_requests_merged': 'repo_pull_requests_merged',
            'pull_request_contributors': 'repo_pull_request_contributors',
            'commit_count_4_weeks': 'commit_count_4_weeks',
        } %}
        {%- set repository_block = [] %}
        {%- for field in repository_counts %}{% do repository_block.append('developer_data__' ~ field) %}{% endfor %}
        {%- for field, name in repository_counts.items() %}
        {{ null_when_all_zero('developer_data__' ~ field, repository_block) }} as {{ name }},
        {%- endfor %}
        developer_data__code_additions_deletions_4_weeks__additions as code_additions_4_weeks,
        developer_data__code_additions_deletions_4_weeks__deletions as code_deletions_4_weeks,
        nullif(trim(links__whitepaper), '') as whitepaper_url,
        nullif(trim(links__subreddit_url), '') as subreddit_url,
        {{ crypto_utc_timestamp('last_updated') }} as last_updated_at,
        {{ audit_columns('coingecko') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
