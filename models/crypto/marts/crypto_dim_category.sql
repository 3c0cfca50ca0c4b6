{{ config(alias='dim_category') }}

-- Type 1: one row per category name, plus the unknown member. Coins list their categories by name, and some
-- names (e.g. 'FTX Holdings') never appear in /coins/categories, so the name is the natural key and CoinGecko's
-- category id an attribute, known for listed categories only.
with listed as (
    select * from {{ ref('stg_coingecko__categories') }}
),

coin_categories as (
    select * from {{ ref('stg_coingecko__coin_categories') }}
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

members as (
    select
        {{ surrogate_key(['newest_sightings.category_name']) }} as category_key,
        newest_sightings.category_name,
        newest_listings.category_id,
        newest_listings.category_description,
        newest_sightings.first_seen_date,
        newest_sightings.last_seen_date,
        false as is_unknown_member,
        newest_sightings._load_id,
        newest_sightings._loaded_at,
        newest_sightings._run_id,
        newest_sightings._source
    from newest_sightings
    left join newest_listings
        on newest_sightings.category_name = newest_listings.category_name
        and newest_listings.recency_rank = 1
    where newest_sightings.recency_rank = 1
),

unknown_member as (
    {{ type1_unknown_member(
        'category_key',
        [
            'category_name', 'category_id', 'category_description',
        ],
    ) }}
)

select * from members
union all
select * from unknown_member
