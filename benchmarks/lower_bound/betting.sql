-- Betting: dim_team (SCD2, natural key league + team_id), dim_league, dim_season, dim_venue, dim_odds_provider
-- and four facts. Games and odds are rebuilt from the newest load of each event, whatever its as-of date.

-- Staging: a game is its newest load (a rescheduled event listed twice in one load: the later date), joined to
-- its first competition.
create temp table betting_events as
with latest_load as (
    select *
    from wh.raw_betting.scoreboard
    qualify row_number() over (
        partition by league_slug, id order by _dlt_load_id desc, scoreboard_date desc
    ) = 1
),

renamed as (
    select
        competitions._dlt_id as raw_competition_row_id,
        cast(latest_load.sport_slug as varchar) as sport,
        cast(latest_load.league_slug as varchar) as league,
        cast(latest_load.id as varchar) as event_id,
        cast(latest_load.scoreboard_date as date) as game_date,
        cast(latest_load.season__year as integer) as season_year,
        cast(latest_load.season__type as integer) as season_type,
        coalesce(competitions.status__type__name, latest_load.status__type__name) as status_name,
        coalesce(competitions.status__type__state, latest_load.status__type__state) as status_state,
        coalesce(competitions.status__type__completed, latest_load.status__type__completed) as is_completed,
        nullif(trim(competitions.venue__id), '') as venue_id,
        nullif(trim(competitions.venue__full_name), '') as venue_name,
        cast(latest_load.as_of_date as date) as as_of_date,
        latest_load._dlt_load_id as _load_id
    from latest_load
    inner join wh.raw_betting.scoreboard__competitions as competitions
        on competitions._dlt_parent_id = latest_load._dlt_id
        and competitions._dlt_list_idx = 0
)

select
    *,
    case
        when status_name = 'STATUS_POSTPONED' then 'postponed'
        when status_name in ('STATUS_CANCELED', 'STATUS_CANCELLED') then 'canceled'
        when status_name = 'STATUS_SUSPENDED' then 'suspended'
        when is_completed then 'final'
        when status_state = 'in' then 'in_progress'
        when status_state = 'pre' then 'scheduled'
        else 'other'
    end as game_status
from renamed;

create temp table betting_competitors as
select
    events.sport,
    events.league,
    events.event_id,
    events.as_of_date,
    events._load_id,
    cast(c.id as varchar) as team_id,
    lower(c.home_away) as home_away,
    nullif(trim(c.team__abbreviation), '') as team_abbreviation,
    nullif(trim(c.team__display_name), '') as team_display_name,
    nullif(trim(c.team__short_display_name), '') as team_short_display_name,
    nullif(trim(c.team__name), '') as team_name,
    nullif(trim(c.team__location), '') as team_location,
    nullif(trim(c.team__color), '') as team_color,
    nullif(trim(c.team__alternate_color), '') as team_alternate_color,
    nullif(trim(c.team__logo), '') as team_logo_url,
    try_cast(nullif(trim(cast(c.score as varchar)), '') as bigint) as score_as_sent,
    c.winner as is_winner
from wh.raw_betting.scoreboard__competitions__competitors as c
inner join betting_events as events on c._dlt_parent_id = events.raw_competition_row_id;

-- int_betting__games: home and away side by side; scores only for games that were played.
create temp table betting_games as
select
    events.*,
    home.team_id as home_team_id,
    away.team_id as away_team_id,
    home.team_abbreviation as home_team_abbreviation,
    away.team_abbreviation as away_team_abbreviation,
    case when events.game_status in ('in_progress', 'final', 'suspended') then home.score_as_sent end as home_score,
    case when events.game_status in ('in_progress', 'final', 'suspended') then away.score_as_sent end as away_score,
    case
        when events.game_status <> 'final' then null
        when home.is_winner then 'home'
        when away.is_winner then 'away'
        when home.score_as_sent = away.score_as_sent then 'tie'
        when home.score_as_sent > away.score_as_sent then 'home'
        when away.score_as_sent > home.score_as_sent then 'away'
    end as winner_side
from betting_events as events
left join betting_competitors as home
    on events.league = home.league and events.event_id = home.event_id and home.home_away = 'home'
left join betting_competitors as away
    on events.league = away.league and events.event_id = away.event_id and away.home_away = 'away';

-- stg_espn__odds: per game and provider the newest line of any load; a line seen in progress only when no other
-- was ever seen. The numeric fields only (ESPN's text-priced blocks are left out).
create temp table betting_odds as
select
    cast(events.league_slug as varchar) as league,
    cast(events.id as varchar) as event_id,
    cast(events.as_of_date as date) as as_of_date,
    coalesce(competitions.status__type__state, events.status__type__state) as observed_status_state,
    nullif(trim(odds.provider__id), '') as provider_id,
    nullif(trim(odds.provider__name), '') as provider_name,
    odds.over_under,
    odds.spread as home_spread,
    cast(odds.home_team_odds__money_line as integer) as home_moneyline,
    cast(odds.away_team_odds__money_line as integer) as away_moneyline,
    events._dlt_load_id as _load_id
from wh.raw_betting.scoreboard__competitions__odds as odds
inner join wh.raw_betting.scoreboard__competitions as competitions on odds._dlt_parent_id = competitions._dlt_id
inner join wh.raw_betting.scoreboard as events on competitions._dlt_parent_id = events._dlt_id
qualify row_number() over (
    partition by league, event_id, provider_id
    order by case when observed_status_state = 'in' then 1 else 0 end, events._dlt_load_id desc
) = 1;

create temp table betting_teams as
select
    cast(teams.sport_slug as varchar) as sport,
    cast(teams.league_slug as varchar) as league,
    cast(teams.id as varchar) as team_id,
    cast(teams.as_of_date as date) as as_of_date,
    nullif(trim(teams.slug), '') as team_slug,
    nullif(trim(teams.abbreviation), '') as abbreviation,
    nullif(trim(teams.display_name), '') as display_name,
    nullif(trim(teams.short_display_name), '') as short_display_name,
    nullif(trim(teams.name), '') as team_name,
    nullif(trim(teams.nickname), '') as nickname,
    nullif(trim(teams.location), '') as location,
    nullif(trim(teams.color), '') as color,
    nullif(trim(teams.alternate_color), '') as alternate_color,
    nullif(trim(logos.href), '') as logo_url,
    nullif(trim(teams.league__name), '') as league_name,
    teams._dlt_load_id as _load_id
from wh.raw_betting.teams as teams
left join wh.raw_betting.teams__logos as logos
    on logos._dlt_parent_id = teams._dlt_id and logos._dlt_list_idx = 0
qualify row_number() over (
    partition by teams.league_slug, teams.id, teams.as_of_date order by teams._dlt_load_id desc
) = 1;

create temp table betting_team_details as
select
    cast(league_slug as varchar) as league,
    cast(id as varchar) as team_id,
    cast(as_of_date as date) as as_of_date,
    nullif(trim(groups__id), '') as group_id,
    nullif(trim(franchise__venue__id), '') as venue_id,
    nullif(trim(franchise__venue__full_name), '') as venue_name,
    _dlt_load_id as _load_id
from wh.raw_betting.team_details
qualify row_number() over (partition by league_slug, id, as_of_date order by _dlt_load_id desc) = 1;

create temp table betting_standings as
select
    _dlt_id as raw_row_id,
    cast(sport_slug as varchar) as sport,
    cast(league_slug as varchar) as league,
    cast(team__id as varchar) as team_id,
    cast(season as integer) as season_year,
    cast(season_type as integer) as season_type,
    cast(as_of_date as date) as as_of_date,
    nullif(trim(group__id), '') as group_id,
    nullif(trim(team__abbreviation), '') as team_abbreviation,
    nullif(trim(team__display_name), '') as team_display_name,
    nullif(trim(team__short_display_name), '') as team_short_display_name,
    nullif(trim(team__name), '') as team_name,
    nullif(trim(team__location), '') as team_location,
    _dlt_load_id as _load_id
from wh.raw_betting.standings
qualify row_number() over (
    partition by league_slug, team__id, season, season_type, as_of_date order by _dlt_load_id desc, group__id
) = 1;

create temp table betting_standing_stats as
select
    standings.sport,
    standings.league,
    standings.team_id,
    standings.season_year,
    standings.season_type,
    standings.as_of_date,
    standings.raw_row_id,
    trim(stats.name) as stat_name,
    stats.value as stat_value
from wh.raw_betting.standings__stats as stats
inner join betting_standings as standings on stats._dlt_parent_id = standings.raw_row_id
where nullif(trim(stats.name), '') is not null;

-- int_betting__team_attributes: a team is a member on a day the team list, a scoreboard or the standings name it;
-- an unlisted team takes the scoreboard's attributes (else the standings'), whole.
create temp table betting_team_attributes as
with competitor_teams as (
    select *
    from betting_competitors
    qualify row_number() over (
        partition by league, team_id, as_of_date order by _load_id desc, event_id desc
    ) = 1
),

standing_teams as (
    select *
    from betting_standings
    qualify row_number() over (
        partition by league, team_id, as_of_date order by _load_id desc, season_year desc, season_type desc
    ) = 1
),

team_days as (
    select sport, league, team_id, as_of_date from betting_teams
    union
    select sport, league, team_id, as_of_date from betting_competitors
    union
    select sport, league, team_id, as_of_date from betting_standings
)

select
    team_days.sport,
    team_days.league,
    team_days.team_id,
    team_days.as_of_date,
    teams.team_slug,
    case when teams.team_id is not null then teams.display_name
        else coalesce(c.team_display_name, s.team_display_name) end as display_name,
    case when teams.team_id is not null then teams.short_display_name
        else coalesce(c.team_short_display_name, s.team_short_display_name) end as short_display_name,
    case when teams.team_id is not null then teams.team_name else coalesce(c.team_name, s.team_name) end
        as team_name,
    teams.nickname,
    case when teams.team_id is not null then teams.abbreviation
        else coalesce(c.team_abbreviation, s.team_abbreviation) end as abbreviation,
    case when teams.team_id is not null then teams.location else coalesce(c.team_location, s.team_location) end
        as location,
    case when teams.team_id is not null then teams.color else c.team_color end as color,
    case when teams.team_id is not null then teams.alternate_color else c.team_alternate_color end
        as alternate_color,
    case when teams.team_id is not null then teams.logo_url else c.team_logo_url end as logo_url,
    details.venue_id,
    details.venue_name,
    details.group_id
from team_days
left join betting_teams as teams
    on team_days.league = teams.league and team_days.team_id = teams.team_id
    and team_days.as_of_date = teams.as_of_date
left join competitor_teams as c
    on team_days.league = c.league and team_days.team_id = c.team_id and team_days.as_of_date = c.as_of_date
left join standing_teams as s
    on team_days.league = s.league and team_days.team_id = s.team_id and team_days.as_of_date = s.as_of_date
left join betting_team_details as details
    on team_days.league = details.league and team_days.team_id = details.team_id
    and team_days.as_of_date = details.as_of_date;

-- dim_team: versions on the snap_team check_cols, as in gaming.sql.
create table betting.dim_team as
with tracked as (
    select
        *,
        row(
            team_slug, display_name, short_display_name, team_name, nickname, abbreviation, location, color,
            alternate_color, logo_url, venue_id, venue_name, group_id
        ) as tracked
    from betting_team_attributes
),

changes as (
    select *
    from tracked
    qualify lag(tracked) over (partition by league, team_id order by as_of_date) is distinct from tracked
)

select
    md5(sk_part(league) || '|' || sk_part(team_id) || '|' || sk_part(as_of_date)) as team_key,
    league,
    team_id,
    md5(sk_part(league)) as league_key,
    case when venue_id is null then '-1' else md5(sk_part(venue_id)) end as home_venue_key,
    abbreviation,
    display_name,
    venue_id,
    as_of_date as valid_from,
    coalesce(lead(as_of_date) over (partition by league, team_id order by as_of_date), date '9999-12-31')
        as valid_to,
    cast(row_number() over (partition by league, team_id order by as_of_date) as integer) as version_number,
    false as is_unknown_member
from changes
union all
select '-1', null, null, '-1', '-1', null, null, null, date '1900-01-01', date '9999-12-31', 1, true;

-- Type 1 dimensions.
create table betting.dim_league as
select md5(sk_part(league)) as league_key, league, false as is_unknown_member
from betting_teams
group by league
union all select '-1', null, true;

create table betting.dim_season as
with observed as (
    select cast(seasons.league_slug as varchar) as league, cast(seasons.year as integer) as season_year,
        try_cast(nullif(trim(cast(types.id as varchar)), '') as bigint) as season_type
    from (
        select *
        from wh.raw_betting.seasons
        qualify row_number() over (partition by league_slug, year, as_of_date order by _dlt_load_id desc) = 1
    ) as seasons
    inner join wh.raw_betting.seasons__types as types on types._dlt_parent_id = seasons._dlt_id
    union all
    select league, season_year, season_type from betting_standings
    union all
    select league, season_year, season_type from betting_events
)

select
    md5(sk_part(league) || '|' || sk_part(season_year) || '|' || sk_part(season_type)) as season_key,
    md5(sk_part(league)) as league_key,
    league,
    season_year,
    season_type,
    false as is_unknown_member
from observed
where season_year is not null and season_type is not null
group by league, season_year, season_type
union all select '-1', '-1', null, null, null, true;

create table betting.dim_venue as
with observed as (
    select venue_id, venue_name, as_of_date, _load_id from betting_team_details where venue_id is not null
    union all
    select venue_id, venue_name, as_of_date, _load_id from betting_events where venue_id is not null
)

select
    md5(sk_part(venue_id)) as venue_key, venue_id,
    arg_max(venue_name, (venue_name is not null, as_of_date, _load_id)) as venue_name,
    false as is_unknown_member
from observed
group by venue_id
union all select '-1', null, null, true;

create table betting.dim_odds_provider as
select md5(sk_part(provider_id)) as provider_key, provider_id, false as is_unknown_member
from betting_odds
where provider_id is not null
group by provider_id
union all select '-1', null, true;

-- Facts: the team version valid on the day, or a team's first version for days before it was first seen.
create table betting.fct_game_results as
select
    md5(sk_part(games.league) || '|' || sk_part(games.event_id)) as game_key,
    date_key(games.game_date) as date_key,
    coalesce(leagues.league_key, '-1') as league_key,
    coalesce(seasons.season_key, '-1') as season_key,
    coalesce(home_team.team_key, '-1') as home_team_key,
    coalesce(away_team.team_key, '-1') as away_team_key,
    coalesce(venues.venue_key, '-1') as venue_key,
    games.league,
    games.event_id,
    games.game_date,
    games.game_status,
    games.home_score,
    games.away_score,
    games.winner_side
from betting_games as games
left join betting.dim_league as leagues on games.league = leagues.league
left join betting.dim_season as seasons
    on games.league = seasons.league and games.season_year = seasons.season_year
    and games.season_type = seasons.season_type
left join betting.dim_team as home_team
    on home_team.league = games.league and home_team.team_id = games.home_team_id
    and (games.game_date >= home_team.valid_from or home_team.version_number = 1)
    and games.game_date < home_team.valid_to
left join betting.dim_team as away_team
    on away_team.league = games.league and away_team.team_id = games.away_team_id
    and (games.game_date >= away_team.valid_from or away_team.version_number = 1)
    and games.game_date < away_team.valid_to
left join betting.dim_venue as venues on games.venue_id = venues.venue_id;

create table betting.fct_game_odds as
select
    md5(sk_part(games.league) || '|' || sk_part(games.event_id)) as game_key,
    date_key(games.game_date) as date_key,
    coalesce(leagues.league_key, '-1') as league_key,
    coalesce(seasons.season_key, '-1') as season_key,
    coalesce(home_team.team_key, '-1') as home_team_key,
    coalesce(away_team.team_key, '-1') as away_team_key,
    coalesce(providers.provider_key, '-1') as provider_key,
    games.league,
    games.event_id,
    odds.provider_id,
    games.game_date,
    odds.as_of_date as line_as_of_date,
    -- As numbers only: the marts' columns of these names also read ESPN's text-priced blocks and the details.
    odds.home_spread as home_spread_number,
    odds.over_under as over_under_number,
    odds.home_moneyline as home_moneyline_number,
    odds.away_moneyline as away_moneyline_number
from betting_odds as odds
inner join betting_games as games on odds.league = games.league and odds.event_id = games.event_id
left join betting.dim_league as leagues on games.league = leagues.league
left join betting.dim_season as seasons
    on games.league = seasons.league and games.season_year = seasons.season_year
    and games.season_type = seasons.season_type
left join betting.dim_team as home_team
    on home_team.league = games.league and home_team.team_id = games.home_team_id
    and (games.game_date >= home_team.valid_from or home_team.version_number = 1)
    and games.game_date < home_team.valid_to
left join betting.dim_team as away_team
    on away_team.league = games.league and away_team.team_id = games.away_team_id
    and (games.game_date >= away_team.valid_from or away_team.version_number = 1)
    and games.game_date < away_team.valid_to
left join betting.dim_odds_provider as providers on odds.provider_id = providers.provider_id;

create table betting.fct_team_standings_daily as
with pivoted as (
    select
        raw_row_id,
        max(case when lower(stat_name) = 'wins' then stat_value end) as wins,
        max(case when lower(stat_name) = 'losses' then stat_value end) as losses,
        max(case when lower(stat_name) = 'ties' then stat_value end) as ties,
        max(case when lower(stat_name) = 'gamesplayed' then stat_value end) as games_played,
        max(case when lower(stat_name) = 'pointsfor' then stat_value end) as points_for,
        max(case when lower(stat_name) = 'pointsagainst' then stat_value end) as points_against
    from betting_standing_stats
    group by raw_row_id
)

select
    coalesce(teams.team_key, '-1') as team_key,
    coalesce(leagues.league_key, '-1') as league_key,
    coalesce(seasons.season_key, '-1') as season_key,
    date_key(standings.as_of_date) as date_key,
    standings.league,
    standings.team_id,
    standings.season_year,
    standings.season_type,
    standings.as_of_date,
    cast(pivoted.wins as integer) as wins,
    cast(pivoted.losses as integer) as losses,
    cast(pivoted.ties as integer) as ties,
    cast(pivoted.games_played as integer) as games_played,
    cast(pivoted.points_for as integer) as points_for,
    cast(pivoted.points_against as integer) as points_against
from betting_standings as standings
left join pivoted on standings.raw_row_id = pivoted.raw_row_id
left join betting.dim_team as teams
    on teams.league = standings.league and teams.team_id = standings.team_id
    and (standings.as_of_date >= teams.valid_from or teams.version_number = 1)
    and standings.as_of_date < teams.valid_to
left join betting.dim_league as leagues on standings.league = leagues.league
left join betting.dim_season as seasons
    on standings.league = seasons.league and standings.season_year = seasons.season_year
    and standings.season_type = seasons.season_type;

create table betting.fct_team_standing_stats_daily as
select
    coalesce(teams.team_key, '-1') as team_key,
    coalesce(leagues.league_key, '-1') as league_key,
    coalesce(seasons.season_key, '-1') as season_key,
    date_key(stats.as_of_date) as date_key,
    stats.league,
    stats.team_id,
    stats.season_year,
    stats.season_type,
    stats.as_of_date,
    stats.stat_name,
    stats.stat_value
from betting_standing_stats as stats
left join betting.dim_team as teams
    on teams.league = stats.league and teams.team_id = stats.team_id
    and (stats.as_of_date >= teams.valid_from or teams.version_number = 1)
    and stats.as_of_date < teams.valid_to
left join betting.dim_league as leagues on stats.league = leagues.league
left join betting.dim_season as seasons
    on stats.league = seasons.league and stats.season_year = seasons.season_year
    and stats.season_type = seasons.season_type;
