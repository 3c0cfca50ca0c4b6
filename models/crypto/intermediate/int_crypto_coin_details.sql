{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['coin_id', 'as_of_date']) }}

-- One row per detailed coin per as-of date with the /coins/{id} attributes dim_coin tracks: the first real
-- homepage and the category list. Categories are listed by name, so CoinGecko reordering them is no change.
-- Incremental: the details of loads not built yet, with their homepages and categories (which carry the load id of
-- their coin's details row).
with details as (
    select * from {{ ref('stg_coingecko__coin_details') }}
    {{ loaded_since_last_build() }}
),

homepages as (
    select * from {{ ref('stg_coingecko__coin_homepages') }}
    {{ loaded_since_last_build() }}
),

categories as (
    select * from {{ ref('stg_coingecko__coin_categories') }}
    {{ loaded_since_last_build() }}
),

first_homepages as (
    select
        coin_id,
        as_of_date,
        homepage_url,
        row_number() over (partition by coin_id, as_of_date order by listed_position) as homepage_rank
    from homepages
),

category_lists as (
    select
        coin_id,
        as_of_date,
        {{ dbt.listagg('category_name', "'; '", 'order by category_name') }} as categories,
        count(*) as category_count
    from categories
    group by coin_id, as_of_date
),

joined as (
    select
        details.coin_id,
        details.as_of_date,
        details.coin_name,
        details.symbol,
        details.asset_platform_id,
        details.hashing_algorithm,
        details.genesis_date,
        first_homepages.homepage_url,
        category_lists.categories,
        coalesce(category_lists.category_count, 0) as category_count,
        details._load_id,
        details._loaded_at,
        details._run_id,
        details._source,
        {{ build_stamp() }} as _built_at
    from details
    left join first_homepages
        on details.coin_id = first_homepages.coin_id
        and details.as_of_date = first_homepages.as_of_date
        and first_homepages.homepage_rank = 1
    left join category_lists
        on details.coin_id = category_lists.coin_id
        and details.as_of_date = category_lists.as_of_date
)

select * from joined
