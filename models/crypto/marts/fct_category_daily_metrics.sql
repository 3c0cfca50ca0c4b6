{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['category_id', 'date_key'],
    on_schema_change='append_new_columns',
) }}

-- Periodic snapshot: one row per listed category per as-of date from /coins/categories (USD figures, whatever
-- the run's vs_currency); a same-day re-run replaces its rows.
with categories as (
    select * from {{ ref('stg_coingecko__categories') }}
),

as_of_dates_to_build as (
    select distinct as_of_date
    from categories
    {{ loaded_since_last_build() }}
),

keyed as (
    select
        -- dim_category is keyed by the category name (coins name their categories, they do not id them).
        {{ surrogate_key(['categories.category_name']) }} as category_key,
        {{ date_key('categories.as_of_date') }} as date_key,
        categories.category_id,
        categories.as_of_date,
        categories.market_cap as market_cap_usd,
        categories.market_cap_change_percentage_24h,
        categories.volume_24h as volume_24h_usd,
        categories.updated_at,
        categories._load_id,
        categories._loaded_at,
        categories._run_id,
        categories._source,
        {{ build_stamp() }} as _built_at
    from categories
    inner join as_of_dates_to_build
        on categories.as_of_date = as_of_dates_to_build.as_of_date
)

select * from keyed
