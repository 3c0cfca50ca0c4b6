-- SCD type 2: one row per version of a game, from the snap_game snapshot, plus the unknown member.
with snapshot as (
    select * from {{ ref('snap_game') }}
),

versions as (
    select
        {{ surrogate_key(['app_id', 'cast(dbt_valid_from as date)']) }} as game_key,
        app_id,
        game_name,
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
        has_store_details,
        cast(dbt_valid_from as date) as valid_from,
        coalesce(cast(dbt_valid_to as date), {{ end_of_time() }}) as valid_to,
        dbt_valid_to is null as is_current,
        cast(row_number() over (partition by app_id order by dbt_valid_from) as integer) as version_number,
        false as is_unknown_member,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from snapshot
),

unknown_member as (
    select
        {{ unknown_key() }} as game_key,
        cast(null as integer) as app_id,
        cast(null as {{ dbt.type_string() }}) as game_name,
        cast(null as {{ dbt.type_string() }}) as app_type,
        cast(null as {{ dbt.type_boolean() }}) as is_free,
        cast(null as {{ dbt.type_bigint() }}) as list_price_cents,
        cast(null as {{ dbt.type_string() }}) as price_currency,
        cast(null as {{ dbt.type_string() }}) as developers,
        cast(null as {{ dbt.type_string() }}) as publishers,
        cast(null as {{ dbt.type_boolean() }}) as is_on_windows,
        cast(null as {{ dbt.type_boolean() }}) as is_on_mac,
        cast(null as {{ dbt.type_boolean() }}) as is_on_linux,
        cast(null as date) as release_date,
        cast(null as {{ dbt.type_string() }}) as release_date_text,
        cast(null as {{ dbt.type_boolean() }}) as is_coming_soon,
        cast(null as integer) as required_age,
        cast(null as integer) as metacritic_score,
        cast(null as {{ dbt.type_boolean() }}) as has_store_details,
        cast('1900-01-01' as date) as valid_from,
        {{ end_of_time() }} as valid_to,
        true as is_current,
        1 as version_number,
        true as is_unknown_member,
        cast(null as {{ dbt.type_string() }}) as _load_id,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at,
        cast(null as {{ dbt.type_string() }}) as _run_id,
        'starline' as _source
)

select * from versions
union all
select * from unknown_member
