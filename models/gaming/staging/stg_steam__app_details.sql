{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['app_id', 'as_of_date']) }}

with source as (
    select * from {{ source('raw_gaming', 'steam_app_details') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['app_id', 'as_of_date']) }} as load_rank
    from source
),

renamed as (
    select
        _dlt_id as _raw_row_id,
        cast(app_id as integer) as app_id,
        cast(as_of_date as date) as as_of_date,
        cast(success as boolean) as has_store_details,
        cast(data__type as {{ dbt.type_string() }}) as app_type,
        nullif(trim(cast(data__name as {{ dbt.type_string() }})), '') as game_name,
        cast(data__is_free as {{ dbt.type_boolean() }}) as is_free,
        -- Steam sends 0 or "17"; anything unparseable stays NULL.
        {{ text_to_integer('data__required_age') }} as required_age,
        cast(data__platforms__windows as {{ dbt.type_boolean() }}) as is_on_windows,
        cast(data__platforms__mac as {{ dbt.type_boolean() }}) as is_on_mac,
        cast(data__platforms__linux as {{ dbt.type_boolean() }}) as is_on_linux,
        cast(data__release_date__coming_soon as {{ dbt.type_boolean() }}) as is_coming_soon,
        cast(data__release_date__date as {{ dbt.type_string() }}) as release_date_text,
        cast(data__metacritic__score as {{ dbt.type_int() }}) as metacritic_score,
        cast(data__recommendations__total as {{ dbt.type_bigint() }}) as recommendations_total,
        cast(data__achievements__total as {{ dbt.type_int() }}) as achievements_total,
        cast(data__price_overview__currency as {{ dbt.type_string() }}) as price_currency,
        cast(data__price_overview__initial as {{ dbt.type_bigint() }}) as price_overview_initial,
        cast(data__price_overview__final as {{ dbt.type_bigint() }}) as price_overview_final,
        cast(data__price_overview__discount_percent as {{ dbt.type_int() }}) as price_overview_discount_percent,
        {{ audit_columns('steam_store') }}
    from latest_load
    where load_rank = 1
),

priced as (
    select
        *,
        {{ parse_steam_date('release_date_text') }} as release_date,
        -- Free apps have no price_overview and cost 0; paid apps without one (coming soon, delisted) have
        -- no price at all, which stays NULL rather than becoming 0.
        case when is_free then 0 else price_overview_initial end as initial_price_cents,
        case when is_free then 0 else price_overview_final end as final_price_cents,
        case when is_free then 0 else price_overview_discount_percent end as discount_percent
    from renamed
)

select * from priced
