{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['league', 'event_id', 'provider_id'],
) }}

-- One row per game and odds provider: the newest line seen for the game (see stg_espn__odds) and, once the game
-- is final, how it settled. Incremental: the lines int_betting__game_odds rebuilt since the last build, and the
-- lines of teams that got a version since.
with lines as (
    select * from {{ ref('int_betting__game_odds') }}
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

providers as (
    select * from {{ ref('dim_odds_provider') }}
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

lines_to_build as (
    select *
    from lines
    {%- if is_incremental() %}
    where _built_at > (select coalesce(max(_built_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) from {{ this }})
        or exists (
            select 1 from changed_teams
            where changed_teams.league = lines.league
                and changed_teams.team_id in (lines.home_team_id, lines.away_team_id)
        )
    {%- endif %}
),

keyed as (
    select
        {{ surrogate_key(['lines.league', 'lines.event_id']) }} as game_key,
        {{ date_key('lines.game_date') }} as date_key,
        coalesce(leagues.league_key, {{ unknown_key() }}) as league_key,
        coalesce(seasons.season_key, {{ unknown_key() }}) as season_key,
        coalesce(home_team.team_key, {{ unknown_key() }}) as home_team_key,
        coalesce(away_team.team_key, {{ unknown_key() }}) as away_team_key,
        coalesce(providers.provider_key, {{ unknown_key() }}) as provider_key,
        lines.league,
        lines.event_id,
        lines.provider_id,
        lines.game_date,
        lines.game_status,
        lines.line_as_of_date,
        lines.observed_status_state as line_observed_state,
        lines.odds_format,
        lines.details,
        lines.home_spread,
        -- 0 - x rather than -x: a pick'em's 0.0 stays 0.0 instead of becoming -0.0.
        0 - lines.home_spread as away_spread,
        lines.over_under,
        lines.home_moneyline,
        lines.away_moneyline,
        lines.home_spread_odds,
        lines.away_spread_odds,
        lines.over_odds,
        lines.under_odds,
        lines.opening_home_spread,
        lines.opening_over_under,
        lines.opening_home_moneyline,
        lines.opening_away_moneyline,
        lines.unparsed_price_count,
        lines.unparsed_prices,
        lines.favorite_side,
        lines.favorite_team_id,
        lines.home_implied_probability,
        lines.away_implied_probability,
        lines.home_no_vig_probability,
        lines.away_no_vig_probability,
        lines.overround,
        lines.is_settled,
        lines.home_score,
        lines.away_score,
        lines.favorite_won,
        lines.home_ats_result,
        case lines.home_ats_result when 'covered' then true when 'not_covered' then false end as home_covered,
        lines.home_cover_margin,
        lines.total_result,
        lines.total_margin,
        lines._load_id,
        lines._loaded_at,
        lines._run_id,
        lines._source,
        {{ build_stamp() }} as _built_at
    from lines_to_build as lines
    left join leagues
        on lines.league = leagues.league
    left join seasons
        on lines.league = seasons.league
        and lines.season_year = seasons.season_year
        and lines.season_type = seasons.season_type
    left join teams as home_team
        on {{ betting_team_version('home_team', 'lines.league', 'lines.home_team_id', 'lines.game_date') }}
    left join teams as away_team
        on {{ betting_team_version('away_team', 'lines.league', 'lines.away_team_id', 'lines.game_date') }}
    left join providers
        on lines.provider_id = providers.provider_id
)

select * from keyed
