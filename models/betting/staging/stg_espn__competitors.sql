-- Home and away competitors of each game's newest competition (see stg_espn__events).
with competitors as (
    select * from {{ source('raw_betting', 'scoreboard__competitions__competitors') }}
),

events as (
    select * from {{ ref('stg_espn__events') }}
),

renamed as (
    select
        events.league,
        events.event_id,
        cast(competitors.id as {{ dbt.type_string() }}) as team_id,
        lower(competitors.home_away) as home_away,
        nullif(trim(competitors.team__abbreviation), '') as team_abbreviation,
        nullif(trim(competitors.team__display_name), '') as team_display_name,
        -- As sent: ESPN shows "0" for games not yet started; int_betting__games keeps scores of played games only.
        {{ text_to_integer('competitors.score') }} as score_as_sent,
        -- Absent (NULL) until the game is final; false for both sides of a tie.
        competitors.winner as is_winner,
        events._load_id,
        events._loaded_at,
        events._run_id,
        events._source
    from competitors
    inner join events
        on competitors._dlt_parent_id = events._raw_competition_row_id
)

select * from renamed
