{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_superseded_children(ref('stg_espn__events'), ['league', 'event_id']) }}",
) }}

-- Home and away competitors of each game's newest competition (see stg_espn__events).
with competitors as (
    select * from {{ source('raw_betting', 'scoreboard__competitions__competitors') }}
    {{ new_loads() }}
),

events as (
    select * from {{ ref('stg_espn__events') }}
    {{ loaded_since_last_build() }}
),

renamed as (
    select
        events.sport,
        events.league,
        events.event_id,
        events.as_of_date,
        cast(competitors.id as {{ dbt.type_string() }}) as team_id,
        lower(competitors.home_away) as home_away,
        nullif(trim(competitors.team__abbreviation), '') as team_abbreviation,
        nullif(trim(competitors.team__display_name), '') as team_display_name,
        -- The team as the scoreboard names it: dim_team's attributes for a side missing from the team list
        -- (all-star and exhibition teams).
        nullif(trim(competitors.team__short_display_name), '') as team_short_display_name,
        nullif(trim(competitors.team__name), '') as team_name,
        nullif(trim(competitors.team__location), '') as team_location,
        nullif(trim(competitors.team__color), '') as team_color,
        nullif(trim(competitors.team__alternate_color), '') as team_alternate_color,
        nullif(trim(competitors.team__logo), '') as team_logo_url,
        -- As sent: ESPN shows "0" for games not yet started; int_betting__games keeps scores of played games only.
        {{ text_to_integer('competitors.score') }} as score_as_sent,
        -- Absent (NULL) until the game is final; false for both sides of a tie.
        competitors.winner as is_winner,
        events._load_id,
        events._loaded_at,
        events._run_id,
        events._source,
        {{ build_stamp() }} as _built_at
    from competitors
    inner join events
        on competitors._dlt_parent_id = events._raw_competition_row_id
)

select * from renamed
