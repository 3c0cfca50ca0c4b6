{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['league', 'team_id', 'as_of_date']) }}

-- One row per team per league per as-of date from the team endpoint: conference and home venue.
with details as (
    select * from {{ source('raw_betting', 'team_details') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['league_slug', 'id', 'as_of_date']) }} as load_rank
    from details
),

renamed as (
    select
        cast(sport_slug as {{ dbt.type_string() }}) as sport,
        cast(league_slug as {{ dbt.type_string() }}) as league,
        cast(id as {{ dbt.type_string() }}) as team_id,
        cast(as_of_date as date) as as_of_date,
        nullif(trim(groups__id), '') as group_id,
        nullif(trim(groups__parent__id), '') as parent_group_id,
        groups__is_conference as group_is_conference,
        nullif(trim(standing_summary), '') as standing_summary,
        nullif(trim(franchise__venue__id), '') as venue_id,
        nullif(trim(franchise__venue__full_name), '') as venue_name,
        nullif(trim(franchise__venue__address__city), '') as venue_city,
        nullif(trim(franchise__venue__address__state), '') as venue_state,
        nullif(trim(franchise__venue__address__zip_code), '') as venue_zip_code,
        franchise__venue__indoor as venue_is_indoor,
        franchise__venue__grass as venue_has_grass,
        {{ audit_columns('espn_site') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
