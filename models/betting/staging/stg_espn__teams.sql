-- One row per team per league per as-of date (the newest load of that day wins), from the league team lists.
with teams as (
    select * from {{ source('raw_betting', 'teams') }}
),

logos as (
    select * from {{ source('raw_betting', 'teams__logos') }}
),

latest_load as (
    select
        *,
        {{ latest_load_rank(['league_slug', 'id', 'as_of_date']) }} as load_rank
    from teams
),

renamed as (
    select
        latest_load._dlt_id as _raw_row_id,
        cast(latest_load.sport_slug as {{ dbt.type_string() }}) as sport,
        cast(latest_load.league_slug as {{ dbt.type_string() }}) as league,
        cast(latest_load.id as {{ dbt.type_string() }}) as team_id,
        cast(latest_load.as_of_date as date) as as_of_date,
        nullif(trim(latest_load.uid), '') as team_uid,
        nullif(trim(latest_load.slug), '') as team_slug,
        nullif(trim(latest_load.abbreviation), '') as abbreviation,
        nullif(trim(latest_load.display_name), '') as display_name,
        nullif(trim(latest_load.short_display_name), '') as short_display_name,
        nullif(trim(latest_load.name), '') as team_name,
        nullif(trim(latest_load.nickname), '') as nickname,
        nullif(trim(latest_load.location), '') as location,
        -- Colours are hex without '#', as ESPN sends them ('e31837').
        nullif(trim(latest_load.color), '') as color,
        nullif(trim(latest_load.alternate_color), '') as alternate_color,
        latest_load.is_active,
        latest_load.is_all_star,
        -- ESPN lists the default logo first.
        nullif(trim(logos.href), '') as logo_url,
        nullif(trim(latest_load.league__id), '') as league_id,
        nullif(trim(latest_load.league__name), '') as league_name,
        nullif(trim(latest_load.league__abbreviation), '') as league_abbreviation,
        nullif(trim(latest_load.league__short_name), '') as league_short_name,
        {{ audit_columns('espn_site', load_id='latest_load._dlt_load_id', run_id='latest_load._run_id') }}
    from latest_load
    left join logos
        on logos._dlt_parent_id = latest_load._dlt_id
        and logos._dlt_list_idx = 0
    where latest_load.load_rank = 1
)

select * from renamed
