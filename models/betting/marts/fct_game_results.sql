{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['league', 'event_id']) }}

-- One row per game, from the newest load of each event, so a game moves from scheduled to final (or postponed) in
-- place instead of gaining a second row. Incremental: the games of loads not built yet, and the games of teams
-- that got a version since.
with games as (
    select * from {{ ref('int_betting__games') }}
),

teams as (
    select * from {{ ref('dim_team') }}
    where not is_unknown_member
),

leagues as (
    select * from {{ ref('dim_league') }}
    where not is_unknown_member
),

seasons as (
    select * from {{ ref('dim_season') }}
    where not is_unknown_member
),

venues as (
    select * from {{ ref('dim_venue') }}
    where not is_unknown_member
),

{%- if is_incremental() %}

-- Teams with a version this fact has not seen: a new version can change the version valid on any of their games.
changed_teams as (
    select league, team_id
    from teams
    where _load_id > (select coalesce(max(_load_id), '') from {{ this }})
),
{%- endif %}

games_to_build as (
    select *
    from games
    {%- if is_incremental() %}
    where _load_id > (select coalesce(max(_load_id), '') from {{ this }})
        or exists (
            select 1 from changed_teams
            where changed_teams.league = games.league
                and changed_teams.team_id in (games.home_team_id, games.away_team_id)
        )
    {%- endif %}
),

keyed as (
    select
        {{ surrogate_key(['games.league', 'games.event_id']) }} as game_key,
        {{ date_key('games.game_date') }} as date_key,
        coalesce(leagues.league_key, {{ unknown_key() }}) as league_key,
        coalesce(seasons.season_key, {{ unknown_key() }}) as season_key,
        -- Role-playing dim_team: the version of each team valid on the game's date.
        coalesce(home_team.team_key, {{ unknown_key() }}) as home_team_key,
        coalesce(away_team.team_key, {{ unknown_key() }}) as away_team_key,
        coalesce(venues.venue_key, {{ unknown_key() }}) as venue_key,
        games.league,
        games.event_id,
        games.game_date,
        games.start_time_utc,
        games.season_year,
        games.season_type,
        games.week_number,
        games.home_team_id,
        games.away_team_id,
        games.game_status,
        games.status_detail,
        games.game_status = 'final' as is_final,
        games.home_score,
        games.away_score,
        games.winner_side,
        case games.winner_side
            when 'home' then games.home_team_id
            when 'away' then games.away_team_id
        end as winner_team_id,
        games.home_margin,
        abs(games.home_margin) as margin,
        games.total_points,
        case when games.game_status = 'final' then games.status_period end as periods_played,
        games.regulation_periods,
        games.extra_periods,
        games.extra_periods > 0 as is_overtime,
        games.attendance,
        games.is_neutral_site,
        games.is_conference_game,
        games._load_id,
        games._loaded_at,
        games._run_id,
        games._source,
        {{ build_stamp() }} as _built_at
    from games_to_build as games
    left join leagues
        on games.league = leagues.league
    left join seasons
        on games.league = seasons.league
        and games.season_year = seasons.season_year
        and games.season_type = seasons.season_type
    left join teams as home_team
        on {{ betting_team_version('home_team', 'games.league', 'games.home_team_id', 'games.game_date') }}
    left join teams as away_team
        on {{ betting_team_version('away_team', 'games.league', 'games.away_team_id', 'games.game_date') }}
    left join venues
        on games.venue_id = venues.venue_id
)

select * from keyed
