{{ config(alias='dim_category', materialized='incremental', incremental_strategy='delete+insert',
          unique_key='category_name') }}

-- Type 1: one row per category name, plus the unknown member. Coins list their categories by name, and some
-- names (e.g. 'FTX Holdings') never appear in /coins/categories, so the name is the natural key and CoinGecko's
-- category id an attribute, known for listed categories only. Incremental: the sightings of loads not built yet
-- are merged into the categories held (newest listing wins, first and last sightings widen).
with listed as (
    select * from {{ ref('stg_coingecko__categories') }}
    {{ loaded_since_last_build() }}
),

coin_categories as (
    select * from {{ ref('stg_coingecko__coin_categories') }}
    {{ loaded_since_last_build() }}
),

sightings as (
    select
        category_name,
        category_id,
        as_of_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from listed
    union all
    select
        category_name,
        cast(null as {{ dbt.type_string() }}) as category_id,
        as_of_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from coin_categories
),

newest_sightings as (
    select
        *,
        min(as_of_date) over (partition by category_name) as first_seen_date,
        max(as_of_date) over (partition by category_name) as last_seen_date,
        -- On a tie the list's row wins over a coin's mention: it carries the id.
        row_number() over (
            partition by category_name
            order by as_of_date desc, case when category_id is null then 1 else 0 end, _load_id desc
        ) as recency_rank
    from sightings
    where category_name is not null
),

newest_listings as (
    select
        category_name,
        category_id,
        category_description,
        row_number() over (partition by category_name order by as_of_date desc, _load_id desc) as recency_rank
    from listed
),

{%- if is_incremental() %}

held as (
    select
        category_name,
        category_id,
        category_description,
        first_seen_date,
        last_seen_date
    from {{ this }}
    where category_name in (select category_name from newest_sightings)
),
{%- endif %}

members as (
    select
        {{ surrogate_key(['newest_sightings.category_name']) }} as category_key,
        newest_sightings.category_name,
        {%- if is_incremental() %}
        -- A category that only coins mention in the loads built now keeps the listing it had.
        case when newest_listings.category_name is null then held.category_id else newest_listings.category_id end
            as category_id,
        case when newest_listings.category_name is null then held.category_description
            else newest_listings.category_description end as category_description,
        {%- else %}
        newest_listings.category_id,
        newest_listings.category_description,
        {%- endif %}
        {{ widened_sightings('newest_sightings') }},
        false as is_unknown_member,
        newest_sightings._load_id,
        newest_sightings._loaded_at,
        newest_sightings._run_id,
        newest_sightings._source,
        {{ build_stamp() }} as _built_at
    from newest_sightings
    left join newest_listings
        on newest_sightings.category_name = newest_listings.category_name
        and newest_listings.recency_rank = 1
    {%- if is_incremental() %}
    left join held
        on newest_sightings.category_name = held.category_name
    {%- endif %}
    where newest_sightings.recency_rank = 1
)

select * from members
{%- if not is_incremental() %}
union all
{{ type1_unknown_member('category_key', ['category_name', 'category_id', 'category_description']) }}
{%- endif %}
