{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['media_type', 'tmdb_id']) }}

-- The newest known state of each title (what the bridges list). Incremental: the titles of the days built since
-- the last build; a state this table holds stays when it is newer than every day built now.
with attributes as (
    select * from {{ ref('int_media_title_attributes') }}
    {{ loaded_since_last_build() }}
),

candidates as (
    select * from attributes
    {%- if is_incremental() %}
    union all
    select held.*
    from {{ this }} as held
    where exists (
            select 1 from attributes
            where attributes.media_type = held.media_type
                and attributes.tmdb_id = held.tmdb_id
        )
        and not exists (
            select 1 from attributes
            where attributes.media_type = held.media_type
                and attributes.tmdb_id = held.tmdb_id
                and attributes.as_of_date >= held.as_of_date
        )
    {%- endif %}
),

newest_dates as (
    select
        media_type,
        tmdb_id,
        max(as_of_date) as as_of_date
    from candidates
    group by media_type, tmdb_id
),

latest as (
    select candidates.*
    from candidates
    inner join newest_dates
        on candidates.media_type = newest_dates.media_type
        and candidates.tmdb_id = newest_dates.tmdb_id
        and candidates.as_of_date = newest_dates.as_of_date
)

select * from latest
