{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['league', 'event_id']) }}

-- One row per game with its home and away side side by side, scores only for games that were played, and the
-- result of final games (winner, margin, total, periods beyond regulation).
-- Incremental: the games of loads not built yet; their competitors carry the same load id.
with events as (
    select * from {{ ref('stg_espn__events') }}
    {{ loaded_since_last_build() }}
),

competitors as (
    select * from {{ ref('stg_espn__competitors') }}
    {{ loaded_since_last_build() }}
),

home as (
    select * from competitors
    where home_away = 'home'
),

away as (
    select * from competitors
    where home_away = 'away'
),

sides as (
    select
        events.sport,
        events.league,
        events.event_id,
        events.game_date,
        events.start_time_utc,
        events.season_year,
        events.season_type,
        events.week_number,
        events.game_status,
        events.status_name,
        events.status_detail,
        events.status_period,
        coalesce(events.regulation_periods_as_sent, {{ betting_regulation_periods('events.sport') }})
            as regulation_periods,
        events.venue_id,
        events.attendance,
        events.is_neutral_site,
        events.is_conference_game,
        home.team_id as home_team_id,
        away.team_id as away_team_id,
        home.team_abbreviation as home_team_abbreviation,
        away.team_abbreviation as away_team_abbreviation,
        -- ESPN shows "0" for games not started, postponed or cancelled: no score at all, not nil-nil.
        case when events.game_status in ('in_progress', 'final', 'suspended') then home.score_as_sent end
            as home_score,
        case when events.game_status in ('in_progress', 'final', 'suspended') then away.score_as_sent end
            as away_score,
        home.is_winner as home_is_winner,
        away.is_winner as away_is_winner,
        events._load_id,
        events._loaded_at,
        events._run_id,
        events._source,
        {{ build_stamp() }} as _built_at
    from events
    left join home
        on events.league = home.league
        and events.event_id = home.event_id
    left join away
        on events.league = away.league
        and events.event_id = away.event_id
),

results as (
    select
        *,
        case
            when game_status <> 'final' then null
            -- ESPN's winner flags decide; the scores only when the flags are missing.
            when home_is_winner then 'home'
            when away_is_winner then 'away'
            when home_score = away_score then 'tie'
            when home_score > away_score then 'home'
            when away_score > home_score then 'away'
        end as winner_side,
        case when game_status = 'final' then home_score - away_score end as home_margin,
        case when game_status = 'final' then home_score + away_score end as total_points,
        case
            when game_status = 'final' then greatest(status_period - regulation_periods, 0)
        end as extra_periods
    from sides
)

select * from results
