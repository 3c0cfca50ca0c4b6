{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['league', 'event_id', 'provider_id'],
) }}

-- One row per game and odds provider: the line in the home team's terms, the favourite, and for final games the
-- betting outcomes and the probabilities the moneylines imply.
{%- set unplaced = "odds.details_moneyline is not null and coalesce(odds.details_team not in "
    ~ "(games.home_team_abbreviation, games.away_team_abbreviation), true)" %}

-- Incremental: the lines of every game whose line or game (a score, a status) a build wrote since the last one.
with changed_games as (
    select league, event_id from {{ ref('stg_espn__odds') }}
    {{ built_since_last_build() }}
    union
    select league, event_id from {{ ref('int_betting__games') }}
    {{ built_since_last_build() }}
),

odds as (
    select odds.*
    from {{ ref('stg_espn__odds') }} as odds
    where exists (
        select 1 from changed_games
        where changed_games.league = odds.league
            and changed_games.event_id = odds.event_id
    )
),

games as (
    select * from {{ ref('int_betting__games') }}
),

lines as (
    select
        odds.sport,
        odds.league,
        odds.event_id,
        odds.provider_id,
        odds.provider_name,
        odds.odds_format,
        odds.details,
        odds.over_under,
        odds.over_odds,
        odds.under_odds,
        -- A moneyline only the details give ('TOR -150', 'ML: LAL -120') is the named team's; the other side's
        -- stays unknown.
        coalesce(
            odds.home_moneyline,
            case when odds.details_team = games.home_team_abbreviation then odds.details_moneyline end
        ) as home_moneyline,
        coalesce(
            odds.away_moneyline,
            case when odds.details_team = games.away_team_abbreviation then odds.details_moneyline end
        ) as away_moneyline,
        odds.home_spread_odds,
        odds.away_spread_odds,
        odds.opening_home_spread,
        odds.opening_over_under,
        odds.opening_home_moneyline,
        odds.opening_away_moneyline,
        odds.observed_status_state,
        odds.as_of_date as line_as_of_date,
        games.game_date,
        games.season_year,
        games.season_type,
        games.game_status,
        games.home_team_id,
        games.away_team_id,
        games.home_score,
        games.away_score,
        coalesce(
            odds.home_spread_as_sent,
            -- Older payloads have no spread: in football and basketball the details are the favourite's point
            -- spread ('KC -3.5', 'EVEN'); in hockey and baseball they are a moneyline ('TOR -150'), not a spread.
            case
                when odds.details_spread = 0 then 0.0
                when odds.details_team = games.home_team_abbreviation then odds.details_spread
                when odds.details_team = games.away_team_abbreviation then -1 * odds.details_spread
            end
        ) as home_spread,
        case
            when odds.details_team = games.home_team_abbreviation then 'home'
            when odds.details_team = games.away_team_abbreviation then 'away'
        end as details_favorite_side,
        -- A details moneyline naming neither team is a price that could not be placed: counted, not dropped.
        odds.unparsed_price_count + case when {{ unplaced }} then 1 else 0 end as unparsed_price_count,
        case
            when {{ unplaced }} then {{ dbt.concat([
                "coalesce(" ~ dbt.concat(["odds.unparsed_prices", "'; '"]) ~ ", '')", "'details='", "odds.details"
            ]) }}
            else odds.unparsed_prices
        end as unparsed_prices,
        odds._load_id,
        odds._loaded_at,
        odds._run_id,
        odds._source,
        {{ build_stamp() }} as _built_at
    from odds
    inner join games
        on odds.league = games.league
        and odds.event_id = games.event_id
),

favorites as (
    select
        *,
        case
            when home_spread < 0 then 'home'
            when home_spread > 0 then 'away'
            -- A pick'em spread (0) leaves the moneylines to tell, if they differ.
            when home_moneyline < away_moneyline then 'home'
            when away_moneyline < home_moneyline then 'away'
            -- No spread and not both moneylines (older payloads): the team the details name.
            when home_spread is null and (home_moneyline is null or away_moneyline is null)
                then details_favorite_side
        end as favorite_side,
        {{ betting_implied_probability('home_moneyline') }} as home_implied_probability,
        {{ betting_implied_probability('away_moneyline') }} as away_implied_probability,
        game_status = 'final' and home_score is not null and away_score is not null as is_settled
    from lines
),

outcomes as (
    select
        *,
        case favorite_side when 'home' then home_team_id when 'away' then away_team_id end as favorite_team_id,
        case
            when not is_settled or home_score = away_score then null
            when favorite_side = 'home' then home_score > away_score
            when favorite_side = 'away' then away_score > home_score
        end as favorite_won,
        case when is_settled then home_score + home_spread - away_score end as home_cover_margin,
        case
            when not is_settled or home_spread is null then null
            when home_score + home_spread > away_score then 'covered'
            when home_score + home_spread = away_score then 'push'
            else 'not_covered'
        end as home_ats_result,
        case when is_settled then home_score + away_score - over_under end as total_margin,
        case
            when not is_settled or over_under is null then null
            when home_score + away_score > over_under then 'over'
            when home_score + away_score = over_under then 'push'
            else 'under'
        end as total_result,
        -- The bookmaker's margin spread over both sides: each side's share of the summed implied probabilities.
        home_implied_probability / nullif(home_implied_probability + away_implied_probability, 0)
            as home_no_vig_probability,
        away_implied_probability / nullif(home_implied_probability + away_implied_probability, 0)
            as away_no_vig_probability,
        home_implied_probability + away_implied_probability - 1 as overround
    from favorites
)

select * from outcomes
