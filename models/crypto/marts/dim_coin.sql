-- SCD type 2: one row per version of a coin, from the snap_coin snapshot, plus the unknown member.
with snapshot as (
    select * from {{ ref('snap_coin') }}
),

versions as (
    select
        {{ surrogate_key(['coin_id', 'cast(dbt_valid_from as date)']) }} as coin_key,
        coin_id,
        coin_name,
        symbol,
        hashing_algorithm,
        genesis_date,
        homepage_url,
        categories,
        cast(dbt_valid_from as date) as valid_from,
        coalesce(cast(dbt_valid_to as date), {{ end_of_time() }}) as valid_to,
        dbt_valid_to is null as is_current,
        cast(row_number() over (partition by coin_id order by dbt_valid_from) as integer) as version_number,
        false as is_unknown_member,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from snapshot
),

unknown_member as (
    select
        {{ unknown_key() }} as coin_key,
        cast(null as {{ dbt.type_string() }}) as coin_id,
        cast(null as {{ dbt.type_string() }}) as coin_name,
        cast(null as {{ dbt.type_string() }}) as symbol,
        cast(null as {{ dbt.type_string() }}) as hashing_algorithm,
        cast(null as date) as genesis_date,
        cast(null as {{ dbt.type_string() }}) as homepage_url,
        cast(null as {{ dbt.type_string() }}) as categories,
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
