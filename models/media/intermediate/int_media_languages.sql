{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['language_code', 'as_of_date'],
) }}

-- One row per language code per as-of date: /configuration/languages, plus every code a title's spoken
-- languages name that the list of that day lacks (named by the title's details), so the title's bridge row keeps
-- its language. The list speaks for every code it carries. Incremental: the as-of dates either input received a
-- load for since the last build are rebuilt whole.
with as_of_dates_to_build as (
    select as_of_date from {{ ref('stg_tmdb__languages') }}
    {{ loaded_since_last_build() }}
    union
    select as_of_date from {{ ref('stg_tmdb__title_spoken_languages') }}
    {{ loaded_since_last_build() }}
),

listed as (
    select * from {{ ref('stg_tmdb__languages') }}
    where as_of_date in (select as_of_date from as_of_dates_to_build)
),

spoken as (
    select * from {{ ref('stg_tmdb__title_spoken_languages') }}
    where language_code is not null
        and as_of_date in (select as_of_date from as_of_dates_to_build)
),

unlisted as (
    select
        spoken.language_code,
        spoken.as_of_date,
        spoken.english_name,
        spoken.native_name,
        spoken._load_id,
        spoken._loaded_at,
        spoken._run_id,
        spoken._source,
        row_number() over (
            partition by spoken.language_code, spoken.as_of_date
            order by spoken._load_id desc, spoken.media_type, spoken.tmdb_id
        ) as sighting_rank
    from spoken
    left join listed
        on spoken.language_code = listed.language_code
        and spoken.as_of_date = listed.as_of_date
    where listed.language_code is null
),

languages as (
    select
        language_code, as_of_date, english_name, native_name, _load_id, _loaded_at, _run_id, _source,
        {{ build_stamp() }} as _built_at
    from listed
    union all
    select
        language_code, as_of_date, english_name, native_name, _load_id, _loaded_at, _run_id, _source,
        {{ build_stamp() }} as _built_at
    from unlisted
    where sighting_rank = 1
)

select * from languages
