{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['app_id', 'as_of_date'],
    post_hook="{{ catch_up_snapshot('snap_game') }}",
) }}

-- One row per game per as-of date with every attribute dim_game tracks, for every app of that day's SteamSpy
-- catalogue pages and every app detailed that day. Details are read on a budget (ingestion/refresh.py), so a
-- day's attributes come from the app's newest storefront details on or before it (details_as_of names that day;
-- the store may have changed since) and, for an app never detailed, from its SteamSpy catalogue entry. SteamSpy's
-- name stands in when the store has none. Incremental: the as-of dates that received a load since the last build
-- are rebuilt whole, and the details each app carries into them come from the newest day built before.
with new_catalogue_days as (
    select as_of_date from {{ ref('stg_steamspy__apps') }}
    {{ loaded_since_last_build() }}
),

new_store_days as (
    select as_of_date from {{ ref('stg_steam__app_details') }}
    {{ loaded_since_last_build() }}
),

new_steamspy_details_days as (
    select as_of_date from {{ ref('stg_steamspy__app_details') }}
    {{ loaded_since_last_build() }}
),

as_of_dates_to_build as (
    select as_of_date from new_catalogue_days
    union
    select as_of_date from new_store_days
    union
    select as_of_date from new_steamspy_details_days
),

catalogue as (
    select * from {{ ref('stg_steamspy__apps') }}
    where as_of_date in (select as_of_date from as_of_dates_to_build)
),

store as (
    select * from {{ ref('stg_steam__app_details') }}
    where as_of_date in (select as_of_date from as_of_dates_to_build)
),

steamspy_details as (
    select * from {{ ref('stg_steamspy__app_details') }}
    where as_of_date in (select as_of_date from as_of_dates_to_build)
),

developers as (
    select * from {{ ref('stg_steam__app_developers') }}
    where as_of_date in (select as_of_date from as_of_dates_to_build)
),

publishers as (
    select * from {{ ref('stg_steam__app_publishers') }}
    where as_of_date in (select as_of_date from as_of_dates_to_build)
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

-- The storefront's attributes of each read, by the day it was read.
store_reads as (
    select
        store.app_id,
        store.as_of_date as details_as_of,
        store.game_name,
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
        store.has_store_details
    from store
    left join developer_lists
        on store.app_id = developer_lists.app_id
        and store.as_of_date = developer_lists.as_of_date
    left join publisher_lists
        on store.app_id = publisher_lists.app_id
        and store.as_of_date = publisher_lists.as_of_date
),

{%- if is_incremental() %}

-- Every app's state on the newest day built before these: the reads it carries in.
held as (
    select * from {{ this }}
    where as_of_date = (
        select max(as_of_date) from {{ this }}
        where as_of_date < (select min(as_of_date) from as_of_dates_to_build)
    )
),
{%- endif %}

details_reads as (
    select * from store_reads
    {%- if is_incremental() %}
    union all
    select
        app_id,
        details_as_of,
        -- A held name of an app the store did not describe was SteamSpy's of that day: not carried.
        case when has_store_details then game_name end as game_name,
        app_type,
        is_free,
        list_price_cents,
        price_currency,
        developers,
        publishers,
        is_on_windows,
        is_on_mac,
        is_on_linux,
        release_date,
        release_date_text,
        is_coming_soon,
        required_age,
        metacritic_score,
        has_store_details
    from held
    where details_as_of is not null
    {%- endif %}
),

members as (
    select app_id, as_of_date from catalogue
    union
    select app_id, as_of_date from store
    union
    select app_id, as_of_date from steamspy_details
),

-- Each member day with the reads made on it, and the held days before them; a running maximum then gives the
-- newest read on or before each day.
timeline as (
    select
        members.app_id,
        members.as_of_date,
        store.as_of_date as details_as_of,
        steamspy_details.as_of_date as steamspy_details_as_of,
        true as is_member
    from members
    left join store
        on members.app_id = store.app_id
        and members.as_of_date = store.as_of_date
    left join steamspy_details
        on members.app_id = steamspy_details.app_id
        and members.as_of_date = steamspy_details.as_of_date
    {%- if is_incremental() %}
    union all
    select
        app_id,
        as_of_date,
        details_as_of,
        steamspy_details_as_of,
        false as is_member
    from held
    {%- endif %}
),

newest_reads as (
    select
        app_id,
        as_of_date,
        is_member,
        max(details_as_of) over (
            partition by app_id order by as_of_date rows between unbounded preceding and current row
        ) as details_as_of,
        max(steamspy_details_as_of) over (
            partition by app_id order by as_of_date rows between unbounded preceding and current row
        ) as steamspy_details_as_of
    from timeline
),

joined as (
    select
        newest_reads.app_id,
        newest_reads.as_of_date,
        cast(newest_reads.as_of_date as {{ dbt.type_timestamp() }}) as as_of_timestamp,
        coalesce(details.game_name, catalogue.app_name, steamspy_details.app_name) as game_name,
        details.app_type,
        details.is_free,
        -- An app never detailed takes what SteamSpy's catalogue says (its prices are US cents).
        case
            when newest_reads.details_as_of is null then catalogue.initial_price_cents
            else details.list_price_cents
        end as list_price_cents,
        case
            when newest_reads.details_as_of is not null then details.price_currency
            when catalogue.initial_price_cents is not null then 'USD'
        end as price_currency,
        case
            when newest_reads.details_as_of is null then catalogue.developer_text
            else details.developers
        end as developers,
        case
            when newest_reads.details_as_of is null then catalogue.publisher_text
            else details.publishers
        end as publishers,
        details.is_on_windows,
        details.is_on_mac,
        details.is_on_linux,
        details.release_date,
        details.release_date_text,
        details.is_coming_soon,
        details.required_age,
        details.metacritic_score,
        coalesce(details.has_store_details, false) as has_store_details,
        newest_reads.details_as_of,
        newest_reads.steamspy_details_as_of,
        -- Every run reads the catalogue again, so its load is the day's newest for any app it lists.
        coalesce(catalogue._load_id, store._load_id, steamspy_details._load_id) as _load_id,
        coalesce(catalogue._loaded_at, store._loaded_at, steamspy_details._loaded_at) as _loaded_at,
        coalesce(catalogue._run_id, store._run_id, steamspy_details._run_id) as _run_id,
        case when details.has_store_details then 'steam_store' else 'steamspy' end as _source,
        {{ build_stamp() }} as _built_at
    from newest_reads
    left join details_reads as details
        on newest_reads.app_id = details.app_id
        and newest_reads.details_as_of = details.details_as_of
    left join catalogue
        on newest_reads.app_id = catalogue.app_id
        and newest_reads.as_of_date = catalogue.as_of_date
    left join store
        on newest_reads.app_id = store.app_id
        and newest_reads.as_of_date = store.as_of_date
    left join steamspy_details
        on newest_reads.app_id = steamspy_details.app_id
        and newest_reads.as_of_date = steamspy_details.as_of_date
    where newest_reads.is_member
)

select * from joined
