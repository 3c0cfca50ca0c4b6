{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['league', 'team_id', 'season_year', 'season_type', 'as_of_date']) }}

-- One row per team per season (year and type) per as-of date from the v2 standings (newest load of the day).
with standings as (
    select * from {{ source('raw_betting', 'standings') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        row_number() over (
            partition by league_slug, team__id, season, season_type, as_of_date
            order by _dlt_load_id desc, group__id
        ) as load_rank
    from standings
),

renamed as (
    select
        _dlt_id as _raw_row_id,
        cast(sport_slug as {{ dbt.type_string() }}) as sport,
        cast(league_slug as {{ dbt.type_string() }}) as league,
        cast(team__id as {{ dbt.type_string() }}) as team_id,
        cast(season as integer) as season_year,
        cast(season_type as integer) as season_type,
        nullif(trim(season_display_name), '') as season_display_name,
        cast(as_of_date as date) as as_of_date,
        nullif(trim(group__id), '') as group_id,
        nullif(trim(group__name), '') as group_name,
        nullif(trim(group__abbreviation), '') as group_abbreviation,
        group__is_conference as group_is_conference,
        nullif(trim(team__abbreviation), '') as team_abbreviation,
        nullif(trim(team__display_name), '') as team_display_name,
        -- dim_team's names for a team the league's team list does not carry.
        nullif(trim(team__short_display_name), '') as team_short_display_name,
        nullif(trim(team__name), '') as team_name,
        nullif(trim(team__location), '') as team_location,
        {{ audit_columns('espn_standings') }}
    from latest_load
    where load_rank = 1
)

select * from renamed
