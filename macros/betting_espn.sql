{#- Helpers of the betting vertical (ESPN). Adapter-specific SQL is dispatched; the rest is portable. -#}

{#- Text that should hold a number ('-5.5', 'EVEN', '', null) -> double or NULL, never 0 for missing. -#}
{% macro betting_text_to_double(column) -%}
    {{ text_to_double(column) }}
{%- endmacro %}

{#- ESPN writes UTC times as '2024-12-15T18:00Z' (no seconds); -> timestamp (UTC), NULL when unreadable. -#}
{% macro betting_espn_timestamp(column) -%}
    {{ return(adapter.dispatch('betting_espn_timestamp', 'starline')(column)) }}
{%- endmacro %}

{% macro default__betting_espn_timestamp(column) -%}
    {{ exceptions.raise_compiler_error(
        "betting_espn_timestamp has no implementation for " ~ adapter.type() ~ "; add " ~ adapter.type()
        ~ "__betting_espn_timestamp (parse 'YYYY-MM-DDTHH:MMZ' as a UTC timestamp, NULL on failure)."
    ) }}
{%- endmacro %}

{% macro duckdb__betting_espn_timestamp(column) -%}
    try_cast(replace(replace({{ column }}, 'T', ' '), 'Z', '') as timestamp)
{%- endmacro %}

{#- The probability an American moneyline implies, bookmaker margin included: -150 -> 150 / 250 = 0.6,
    +130 -> 100 / 230 = 0.4348. NULL for a missing or zero line (0 is not a valid American price). -#}
{% macro betting_implied_probability(moneyline) -%}
    case
        when {{ moneyline }} < 0 then 1.0 * -{{ moneyline }} / (-{{ moneyline }} + 100)
        when {{ moneyline }} > 0 then 100.0 / ({{ moneyline }} + 100)
    end
{%- endmacro %}

{#- ESPN publishes no country for a league. The four North American leagues are run from and registered in the
    United States (their Canadian teams notwithstanding); any other league stays NULL rather than guessed. -#}
{% macro betting_league_country(league_column) -%}
    {%- set countries = {'nfl': 'USA', 'nba': 'USA', 'mlb': 'USA', 'nhl': 'USA'} -%}
    case {{ league_column }}
        {%- for league, country in countries.items() %}
        when '{{ league }}' then '{{ country }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- Regulation periods of a sport, for scoreboards without `format.regulation.periods` (ESPN's older ones). -#}
{% macro betting_regulation_periods(sport_column) -%}
    case {{ sport_column }}
        when 'football' then 4
        when 'basketball' then 4
        when 'hockey' then 3
        when 'baseball' then 9
    end
{%- endmacro %}

{#- Standings stats mapped to columns of fct_team_standings_daily, by lower-cased ESPN stat name. `attribute` is
    the stat field to read; `sports` limits a name whose meaning depends on the sport (ESPN also sends a `points`
    stat outside hockey, undocumented: it stays in fct_team_standing_stats_daily only). Every stat, mapped or not,
    is in fct_team_standing_stats_daily. -#}
{% macro betting_standing_stat_map() -%}
    {{ return([
        {'column': 'wins', 'stat': 'wins', 'attribute': 'value', 'type': 'integer'},
        {'column': 'losses', 'stat': 'losses', 'attribute': 'value', 'type': 'integer'},
        {'column': 'ties', 'stat': 'ties', 'attribute': 'value', 'type': 'integer'},
        {'column': 'ot_losses', 'stat': 'otlosses', 'attribute': 'value', 'type': 'integer'},
        {'column': 'games_played', 'stat': 'gamesplayed', 'attribute': 'value', 'type': 'integer'},
        {'column': 'win_percent', 'stat': 'winpercent', 'attribute': 'value', 'type': 'double'},
        {'column': 'points_for', 'stat': 'pointsfor', 'attribute': 'value', 'type': 'integer'},
        {'column': 'points_against', 'stat': 'pointsagainst', 'attribute': 'value', 'type': 'integer'},
        {'column': 'games_behind', 'stat': 'gamesbehind', 'attribute': 'value', 'type': 'double'},
        {'column': 'playoff_seed', 'stat': 'playoffseed', 'attribute': 'value', 'type': 'integer'},
        {'column': 'standings_points', 'stat': 'points', 'attribute': 'value', 'type': 'integer',
         'sports': ['hockey', 'soccer']},
        {'column': 'streak_display', 'stat': 'streak', 'attribute': 'display_value', 'type': 'text'},
        {'column': 'clinch_indicator', 'stat': 'clincher', 'attribute': 'display_value', 'type': 'text'},
        {'column': 'record_summary', 'stat': 'overall', 'attribute': 'summary', 'type': 'text'},
    ]) }}
{%- endmacro %}

{#- True when a stats row (columns stat_name and sport) feeds a column of fct_team_standings_daily. -#}
{% macro betting_is_mapped_stat(stat_name_column, sport_column) -%}
    (
    {%- for stat in betting_standing_stat_map() %}
        {{ 'or ' if not loop.first }}(lower({{ stat_name_column }}) = '{{ stat.stat }}'
        {%- if stat.sports %} and {{ sport_column }} in ('{{ stat.sports | join("', '") }}'){% endif %})
    {%- endfor %}
    )
{%- endmacro %}

{#- Join condition for the dim_team version of a team on a day: the version valid that day, or the team's first
    version for days before it was first seen (a backfilled game predates the first snapshot of its teams). -#}
{% macro betting_team_version(dim_alias, league_expression, team_id_expression, day_expression) -%}
    {{ dim_alias }}.league = {{ league_expression }}
    and {{ dim_alias }}.team_id = {{ team_id_expression }}
    and ({{ day_expression }} >= {{ dim_alias }}.valid_from or {{ dim_alias }}.version_number = 1)
    and {{ day_expression }} < {{ dim_alias }}.valid_to
{%- endmacro %}

{#- Type 1 attribute from several observations: the newest non-NULL value per `partition_by`, so a source that
    lacks a field (capacity is only on some scoreboards) does not blank out what another source said. Needs
    as_of_date and _load_id on the observations. -#}
{% macro betting_newest_value(column, partition_by) -%}
    first_value({{ column }}) over (
        partition by {{ partition_by | join(', ') }}
        order by case when {{ column }} is null then 1 else 0 end, as_of_date desc, _load_id desc
    )
{%- endmacro %}

{#- Text without one leading '+' ('+1.5' -> '1.5'), trimmed. -#}
{% macro betting_without_plus(text) -%}
    case when trim({{ text }}) like '+%' then substring(trim({{ text }}), 2) else trim({{ text }}) end
{%- endmacro %}

{#- An American price as ESPN writes it in text ("-135", "+115", "EVEN" = +100) -> integer. Anything else is
    NULL: "OFF", "-5.5" (a line, not a price), "50" (a price is a whole number of at least 100 either way). -#}
{% macro betting_american_odds(text) -%}
    {%- set number = betting_text_to_double(betting_without_plus(text)) -%}
    case
        when upper(trim({{ text }})) = 'EVEN' then 100
        when abs({{ number }}) >= 100 and {{ number }} = floor({{ number }}) then cast({{ number }} as integer)
    end
{%- endmacro %}

{#- A point spread as text ("-1.5", "+7", "PK" or "EVEN" for a pick'em) -> double; NULL otherwise. -#}
{% macro betting_point_line(text) -%}
    case
        when upper(trim({{ text }})) in ('PK', 'EVEN') then 0.0
        else {{ betting_text_to_double(betting_without_plus(text)) }}
    end
{%- endmacro %}

{#- A total as text, with or without its side ("o47.5", "u47.5", "47.5") -> a positive double; NULL otherwise. -#}
{% macro betting_total_line(text) -%}
    {%- set number = betting_text_to_double(
        "case when lower(trim(" ~ text ~ ")) like 'o%' or lower(trim(" ~ text ~ ")) like 'u%' then substring(trim("
        ~ text ~ "), 2) else trim(" ~ text ~ ") end"
    ) -%}
    case when {{ number }} > 0 then {{ number }} end
{%- endmacro %}

{#- One of the three readings above by name: american, points or total. -#}
{% macro betting_parse_price(kind, text) -%}
    {%- if kind == 'american' -%} {{ betting_american_odds(text) }}
    {%- elif kind == 'points' -%} {{ betting_point_line(text) }}
    {%- elif kind == 'total' -%} {{ betting_total_line(text) }}
    {%- else -%} {{ exceptions.raise_compiler_error("betting_parse_price: unknown kind " ~ kind) }}
    {%- endif -%}
{%- endmacro %}

{#- The text at a JSON path ('$.close.odds') of a JSON column; NULL when the path is absent. -#}
{% macro betting_json_text(column, path) -%}
    {{ return(adapter.dispatch('betting_json_text', 'starline')(column, path)) }}
{%- endmacro %}

{% macro default__betting_json_text(column, path) -%}
    {{ exceptions.raise_compiler_error(
        "betting_json_text has no implementation for " ~ adapter.type() ~ "; add " ~ adapter.type()
        ~ "__betting_json_text (the text at a JSON path of a JSON column, NULL when absent)."
    ) }}
{%- endmacro %}

{% macro duckdb__betting_json_text(column, path) -%}
    json_extract_string({{ column }}, '{{ path }}')
{%- endmacro %}

{#- Where ESPN's text-priced odds blocks keep each measure of stg_espn__odds, newest first. Each side of a market
    (today's scoreboards: moneyline.home, pointSpread.away, total.over, ...) and each team block (as on a team's
    next event: homeTeamOdds.open, .current, .close) is one JSON column in raw (see the betting source). `{stage}`
    is close, current or open; `kind` is how the text reads (betting_parse_price); `opening` measures also get an
    opening_<measure> column from the `open` stage. -#}
{% macro betting_block_prices() -%}
    {{ return([
        {'measure': 'home_moneyline', 'opening': true, 'kind': 'american',
         'at': [('moneyline__home', '{stage}.odds'), ('home_team_odds__{stage}', 'moneyLine.american')]},
        {'measure': 'away_moneyline', 'opening': true, 'kind': 'american',
         'at': [('moneyline__away', '{stage}.odds'), ('away_team_odds__{stage}', 'moneyLine.american')]},
        {'measure': 'home_spread', 'opening': true, 'kind': 'points',
         'at': [('point_spread__home', '{stage}.line'), ('home_team_odds__{stage}', 'pointSpread.american')]},
        {'measure': 'home_spread_odds', 'kind': 'american',
         'at': [('point_spread__home', '{stage}.odds'), ('home_team_odds__{stage}', 'spread.american')]},
        {'measure': 'away_spread_odds', 'kind': 'american',
         'at': [('point_spread__away', '{stage}.odds'), ('away_team_odds__{stage}', 'spread.american')]},
        {'measure': 'over_under', 'opening': true, 'kind': 'total',
         'at': [('total__over', '{stage}.line'), ('total__under', '{stage}.line')]},
        {'measure': 'over_odds', 'kind': 'american', 'at': [('total__over', '{stage}.odds')]},
        {'measure': 'under_odds', 'kind': 'american', 'at': [('total__under', '{stage}.odds')]},
    ]) }}
{%- endmacro %}
