-- SCD type 2: one row per version of a title, from the snap_title snapshot, plus the unknown member.
with snapshot as (
    select * from {{ ref('snap_title') }}
),

versions as (
    select
        {{ surrogate_key(['media_type', 'tmdb_id', 'cast(dbt_valid_from as date)']) }} as title_key,
        media_type,
        tmdb_id,
        title,
        original_title,
        status,
        runtime_minutes,
        release_date,
        cast(extract(year from release_date) as integer) as release_year,
        original_language,
        is_adult,
        overview_md5,
        has_details,
        cast(dbt_valid_from as date) as valid_from,
        coalesce(cast(dbt_valid_to as date), {{ end_of_time() }}) as valid_to,
        dbt_valid_to is null as is_current,
        cast(row_number() over (partition by media_type, tmdb_id order by dbt_valid_from) as integer)
            as version_number,
        false as is_unknown_member,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from snapshot
),

unknown_member as (
    select
        {{ unknown_key() }} as title_key,
        cast(null as {{ dbt.type_string() }}) as media_type,
        cast(null as integer) as tmdb_id,
        cast(null as {{ dbt.type_string() }}) as title,
        cast(null as {{ dbt.type_string() }}) as original_title,
        cast(null as {{ dbt.type_string() }}) as status,
        cast(null as integer) as runtime_minutes,
        cast(null as date) as release_date,
        cast(null as integer) as release_year,
        cast(null as {{ dbt.type_string() }}) as original_language,
        cast(null as {{ dbt.type_boolean() }}) as is_adult,
        cast(null as {{ dbt.type_string() }}) as overview_md5,
        cast(null as {{ dbt.type_boolean() }}) as has_details,
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
