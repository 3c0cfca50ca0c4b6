-- One row per game and odds provider: the newest line ESPN showed for it in any load. ESPN drops the odds of
-- some games once they are final, so the line seen before the game (the closing line, as far as we saw it)
-- stays when later loads have none. Lines seen while a game was in progress are live lines: used only when no
-- other was ever seen.
with odds as (
    select * from {{ source('raw_betting', 'scoreboard__competitions__odds') }}
),

competitions as (
    select * from {{ source('raw_betting', 'scoreboard__competitions') }}
),

events as (
    select * from {{ source('raw_betting', 'scoreboard') }}
),

observed as (
    select
        cast(events.sport_slug as {{ dbt.type_string() }}) as sport,
        cast(events.league_slug as {{ dbt.type_string() }}) as league,
        cast(events.id as {{ dbt.type_string() }}) as event_id,
        cast(events.as_of_date as date) as as_of_date,
        coalesce(competitions.status__type__state, events.status__type__state) as observed_status_state,
        nullif(trim(odds.provider__id), '') as provider_id,
        nullif(trim(odds.provider__name), '') as provider_name,
        cast(odds.provider__priority as integer) as provider_priority,
        nullif(trim(odds.details), '') as details,
        odds.over_under,
        odds.spread as home_spread_as_sent,
        odds.over_odds,
        odds.under_odds,
        -- Older payloads give the moneyline as a number per side; newer ones only as text in moneyline.<side>.
        coalesce(
            cast(odds.home_team_odds__money_line as integer),
            {{ betting_american_odds('odds.moneyline__home__close__odds') }}
        ) as home_moneyline,
        coalesce(
            cast(odds.away_team_odds__money_line as integer),
            {{ betting_american_odds('odds.moneyline__away__close__odds') }}
        ) as away_moneyline,
        odds.home_team_odds__spread_odds as home_spread_odds,
        odds.away_team_odds__spread_odds as away_spread_odds,
        odds.home_team_odds__favorite as home_flagged_favorite,
        odds.away_team_odds__favorite as away_flagged_favorite,
        events._dlt_load_id,
        events._run_id
    from odds
    inner join competitions
        on odds._dlt_parent_id = competitions._dlt_id
    inner join events
        on competitions._dlt_parent_id = events._dlt_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by league, event_id, provider_id
            order by case when observed_status_state = 'in' then 1 else 0 end, _dlt_load_id desc
        ) as line_rank
    from observed
),

latest as (
    select
        sport,
        league,
        event_id,
        provider_id,
        provider_name,
        provider_priority,
        details,
        over_under,
        home_spread_as_sent,
        over_odds,
        under_odds,
        home_moneyline,
        away_moneyline,
        home_spread_odds,
        away_spread_odds,
        home_flagged_favorite,
        away_flagged_favorite,
        observed_status_state,
        as_of_date,
        {{ audit_columns('espn_site') }}
    from ranked
    where line_rank = 1
)

select * from latest
