{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['app_id', 'date_key'],
    on_schema_change='append_new_columns',
) }}

-- Periodic snapshot: one row per game per as-of date, for every app of that day's catalogue (SteamSpy's
-- request=all figures) and every app detailed that day. The storefront's prices and review summary and the
-- current players come from that day's detail reads only, which a budget spreads over the catalogue: on other
-- days prices and review counts fall back to SteamSpy's and current players stay NULL (never carried from an
-- older day). An incremental run processes the as-of dates that received a load since the last build;
-- delete+insert on the grain makes a same-day re-run replace its rows instead of adding to them.
with selection as (
    select * from {{ ref('int_game_attributes') }}
),

store as (
    select * from {{ ref('stg_steam__app_details') }}
),

steamspy as (
    select * from {{ ref('stg_steamspy__apps') }}
),

steamspy_details as (
    select * from {{ ref('stg_steamspy__app_details') }}
),

reviews as (
    select * from {{ ref('stg_steam__app_reviews') }}
),

players as (
    select * from {{ ref('stg_steam__current_players') }}
),

games as (
    select * from {{ ref('dim_game') }}
    where not is_unknown_member
),

as_of_dates_to_build as (
    select distinct as_of_date
    from selection
    {{ loaded_since_last_build() }}
),

daily as (
    select
        selection.app_id,
        selection.as_of_date,
        players.current_players,
        steamspy.ccu,
        steamspy.owners_min,
        steamspy.owners_max,
        -- The midpoint of SteamSpy's range: the usual point estimate; NULL when either bound is unknown.
        cast((steamspy.owners_min + steamspy.owners_max) / 2 as {{ dbt.type_bigint() }}) as owners_estimate,
        steamspy.players_2weeks,
        coalesce(reviews.positive_reviews, steamspy.positive_reviews) as positive_reviews,
        coalesce(reviews.negative_reviews, steamspy.negative_reviews) as negative_reviews,
        coalesce(reviews.total_reviews, steamspy.positive_reviews + steamspy.negative_reviews) as total_reviews,
        reviews.review_score,
        reviews.review_score_description,
        -- Playtime from appdetails, which still fills it; request=all's only if appdetails has none (it sends
        -- zeros for every app today, which staging turns into NULL).
        {%- for playtime in [
            'average_playtime_forever_minutes', 'average_playtime_2weeks_minutes',
            'median_playtime_forever_minutes', 'median_playtime_2weeks_minutes',
        ] %}
        coalesce(steamspy_details.{{ playtime }}, steamspy.{{ playtime }}) as {{ playtime }},
        {%- endfor %}
        case when store.app_id is null then steamspy.initial_price_cents else store.initial_price_cents end
            as initial_price_cents,
        case when store.app_id is null then steamspy.price_cents else store.final_price_cents end as final_price_cents,
        case when store.app_id is null then steamspy.discount_percent else store.discount_percent end
            as discount_percent,
        case
            when store.app_id is not null then store.price_currency
            when steamspy.initial_price_cents is not null then 'USD'
        end as price_currency,
        selection.details_as_of,
        selection._load_id,
        selection._loaded_at,
        selection._run_id
    from selection
    inner join as_of_dates_to_build
        on selection.as_of_date = as_of_dates_to_build.as_of_date
    left join store
        on selection.app_id = store.app_id
        and selection.as_of_date = store.as_of_date
    left join steamspy
        on selection.app_id = steamspy.app_id
        and selection.as_of_date = steamspy.as_of_date
    left join steamspy_details
        on selection.app_id = steamspy_details.app_id
        and selection.as_of_date = steamspy_details.as_of_date
    left join reviews
        on selection.app_id = reviews.app_id
        and selection.as_of_date = reviews.as_of_date
    left join players
        on selection.app_id = players.app_id
        and selection.as_of_date = players.as_of_date
),

keyed as (
    select
        -- The dim_game version valid on the fact's day; the unknown member when no version covers it.
        coalesce(games.game_key, {{ unknown_key() }}) as game_key,
        {{ date_key('daily.as_of_date') }} as date_key,
        daily.app_id,
        daily.as_of_date,
        daily.current_players,
        daily.ccu,
        daily.owners_min,
        daily.owners_max,
        daily.owners_estimate,
        daily.players_2weeks,
        daily.positive_reviews,
        daily.negative_reviews,
        daily.total_reviews,
        daily.review_score,
        daily.review_score_description,
        daily.average_playtime_forever_minutes,
        daily.average_playtime_2weeks_minutes,
        daily.median_playtime_forever_minutes,
        daily.median_playtime_2weeks_minutes,
        daily.initial_price_cents,
        daily.final_price_cents,
        daily.discount_percent,
        daily.price_currency,
        daily.details_as_of,
        daily._load_id,
        daily._loaded_at,
        daily._run_id,
        'steamspy+steam_store+steam_web' as _source,
        {{ build_stamp() }} as _built_at
    from daily
    left join games
        on daily.app_id = games.app_id
        and daily.as_of_date >= games.valid_from
        and daily.as_of_date < games.valid_to
)

select * from keyed
