{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['app_id', 'as_of_date'],
    post_hook="{{ catch_up_snapshot('snap_game') }}",
) }}

-- One row per selected app per as-of date with every attribute dim_game tracks. The selection of a day is the
-- set of apps the storefront was asked about; SteamSpy's name stands in when the store has no details: the
-- request=all pages' name, else SteamSpy appdetails' (an app_ids entry beyond steamspy_max_pages is not in the
-- pages read, and a delisted one has no store details either).
with store as (
    select * from {{ ref('stg_steam__app_details') }}
    {{ loaded_since_last_build() }}
),

steamspy as (
    select * from {{ ref('stg_steamspy__apps') }}
),

steamspy_details as (
    select * from {{ ref('stg_steamspy__app_details') }}
),

developers as (
    select * from {{ ref('stg_steam__app_developers') }}
    {{ loaded_since_last_build() }}
),

publishers as (
    select * from {{ ref('stg_steam__app_publishers') }}
    {{ loaded_since_last_build() }}
),

developer_lists as (
    select
        app_id,
        as_of_date,
        {{ dbt.listagg('developer_name', "', '", 'order by listed_position') }} as developers
    from developers
    group by app_id, as_of_date
),

publisher_lists as (
    select
        app_id,
        as_of_date,
        {{ dbt.listagg('publisher_name', "', '", 'order by listed_position') }} as publishers
    from publishers
    group by app_id, as_of_date
),

joined as (
    select
        store.app_id,
        store.as_of_date,
        cast(store.as_of_date as {{ dbt.type_timestamp() }}) as as_of_timestamp,
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
        store.has_store_details,
        store._load_id,
        store._loaded_at,
        store._run_id,
        case when store.has_store_details then 'steam_store' else 'steamspy' end as _source,
        {{ build_stamp() }} as _built_at
    from store
    left join steamspy
        on store.app_id = steamspy.app_id
        and store.as_of_date = steamspy.as_of_date
    left join steamspy_details
        on store.app_id = steamspy_details.app_id
        and store.as_of_date = steamspy_details.as_of_date
    left join developer_lists
        on store.app_id = developer_lists.app_id
        and store.as_of_date = developer_lists.as_of_date
    left join publisher_lists
        on store.app_id = publisher_lists.app_id
        and store.as_of_date = publisher_lists.as_of_date
)

select * from joined
