{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['league', 'event_id', 'provider_id'],
) }}

-- One row per game and odds provider: the newest line ESPN showed for it in any load. ESPN drops the odds of
-- some games once they are final, so the line seen before the game (the closing line, as far as we saw it)
-- stays when later loads have none. Lines seen while a game was in progress are live lines: used only when no
-- other was ever seen.
-- ESPN has written odds four ways: details and overUnder only (2022); numbers (spread, overOdds, team odds with
-- moneyLine); today's per-market blocks with open / current / close prices as text; per-team open / current
-- blocks beside the numbers. Numbers win; a text price is read from the newest block that has one
-- (betting_block_prices). A price text that does not read as a price is NULL and named in unparsed_prices.
{%- set stages = ['close', 'current', 'open'] %}
{%- set measures = betting_block_prices() %}

with odds as (
    select * from {{ source('raw_betting', 'scoreboard__competitions__odds') }}
    {{ new_loads() }}
),

competitions as (
    select * from {{ source('raw_betting', 'scoreboard__competitions') }}
    {{ new_loads() }}
),

events as (
    select * from {{ source('raw_betting', 'scoreboard') }}
    {{ new_loads() }}
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
        odds.over_under as over_under_number,
        odds.spread as home_spread_number,
        odds.over_odds as over_odds_number,
        odds.under_odds as under_odds_number,
        cast(odds.home_team_odds__money_line as integer) as home_moneyline_number,
        cast(odds.away_team_odds__money_line as integer) as away_moneyline_number,
        odds.home_team_odds__spread_odds as home_spread_odds_number,
        odds.away_team_odds__spread_odds as away_spread_odds_number,
        odds.home_team_odds__favorite as home_flagged_favorite,
        odds.away_team_odds__favorite as away_flagged_favorite,
        {%- for measure in measures %}
        {%- for column, path in measure.at %}
        {%- set column_index = loop.index %}
        {%- for stage in stages %}
        {{ betting_json_text('odds.' ~ column | replace('{stage}', stage), '$.' ~ path | replace('{stage}', stage)) }}
            as {{ measure.measure }}__{{ stage }}__{{ column_index }},
        {%- endfor %}
        {%- endfor %}
        {%- endfor %}
        case
            when coalesce(odds.moneyline__home, odds.moneyline__away, odds.point_spread__home,
                odds.point_spread__away, odds.total__over, odds.total__under) is not null then 'market_blocks'
            when coalesce(odds.home_team_odds__open, odds.home_team_odds__current, odds.home_team_odds__close,
                odds.away_team_odds__open, odds.away_team_odds__current, odds.away_team_odds__close) is not null
                then 'team_blocks'
            when coalesce(odds.spread, odds.home_team_odds__money_line, odds.away_team_odds__money_line) is not null
                then 'numbers'
            else 'details_only'
        end as odds_format,
        events._dlt_load_id,
        events._run_id
    from odds
    inner join competitions
        on odds._dlt_parent_id = competitions._dlt_id
    inner join events
        on competitions._dlt_parent_id = events._dlt_id
),

details_split as (
    select
        *,
        -- 'ML: LAL -120' names a moneyline in any sport; otherwise hockey and baseball details name the moneyline
        -- favourite ('TOR -150') and football and basketball ones the favourite's spread ('KC -3.5', 'EVEN').
        case
            when upper(details) like 'ML:%' then 'moneyline'
            when sport in ('hockey', 'baseball') then 'moneyline'
            when sport in ('football', 'basketball') then 'spread'
        end as details_kind,
        trim(case when upper(details) like 'ML:%' then substring(details, 4) else details end) as details_body
    from observed
),

details_read as (
    select
        *,
        case when upper(details_body) <> 'EVEN' then {{ dbt.split_part('details_body', "' '", 1) }} end
            as details_team,
        case when upper(details_body) <> 'EVEN' then {{ dbt.split_part('details_body', "' '", 2) }} end
            as details_price_text
    from details_split
),

parsed as (
    select
        *,
        {%- for measure in measures %}
        {%- set latest = [] %}
        {%- set opening = [] %}
        {%- for column, path in measure.at %}
        {%- set column_index = loop.index %}
        {%- for stage in stages %}
        {%- set text = measure.measure ~ '__' ~ stage ~ '__' ~ column_index %}
        {%- do (opening if stage == 'open' else latest).append(text) %}
        {%- endfor %}
        {%- endfor %}
        coalesce(
            {{ measure.measure }}_number,
            {{ betting_parse_price(measure.kind, 'coalesce(' ~ latest | join(', ') ~ ')') }}
        ) as {{ measure.measure }},
        {%- if measure.opening %}
        {{ betting_parse_price(measure.kind, 'coalesce(' ~ opening | join(', ') ~ ')') }}
            as opening_{{ measure.measure }},
        {%- endif %}
        {%- endfor %}
        case when details_kind = 'moneyline' then {{ betting_american_odds('details_price_text') }} end
            as details_moneyline,
        case
            when details_kind = 'spread' and upper(details_body) = 'EVEN' then 0.0
            when details_kind = 'spread' then {{ betting_text_to_double(betting_without_plus('details_price_text')) }}
        end as details_spread
    from details_read
),

checked as (
    -- Every price text that does not read as a price, as 'path=text' (ESPN's names) separated by '; ', and how
    -- many: they are NULL in the columns above, never silently.
    {%- set checks = [] %}
    {%- for measure in measures %}
    {%- for column, path in measure.at %}
    {%- set column_index = loop.index %}
    {%- for stage in stages %}
    {%- set text = measure.measure ~ '__' ~ stage ~ '__' ~ column_index %}
    {%- do checks.append({
        'text': text,
        'label': (column | replace('{stage}', stage) | replace('__', '.')) ~ '.' ~ (path | replace('{stage}', stage)),
        'failed': text ~ ' is not null and trim(' ~ text ~ ") <> '' and ("
            ~ betting_parse_price(measure.kind, text) ~ ') is null'
    }) %}
    {%- endfor %}
    {%- endfor %}
    {%- endfor %}
    {%- do checks.append({
        'text': 'details',
        'label': 'details',
        'failed': "details_kind = 'moneyline' and details_moneyline is null"
    }) %}
    {%- set pieces = [] %}
    {%- for check in checks %}
    {%- do pieces.append(
        "coalesce(case when " ~ check.failed ~ " then "
        ~ dbt.concat(["'; " ~ check.label ~ "='", check.text]) ~ " end, '')"
    ) %}
    {%- endfor %}
    select
        *,
        {%- for check in checks %}
        {{ '+ ' if not loop.first }}case when {{ check.failed }} then 1 else 0 end
        {%- endfor %}
            as unparsed_price_count,
        -- Each piece starts with '; ': drop the first separator.
        nullif(substring({{ dbt.concat(pieces) }}, 3), '') as unparsed_prices
    from parsed
),

ranked as (
    select
        *,
        row_number() over (
            partition by league, event_id, provider_id
            order by case when observed_status_state = 'in' then 1 else 0 end, _dlt_load_id desc
        ) as line_rank
    from checked
),

latest as (
    select
        sport,
        league,
        event_id,
        provider_id,
        provider_name,
        provider_priority,
        odds_format,
        details,
        details_kind,
        details_team,
        details_moneyline,
        details_spread,
        over_under,
        home_spread as home_spread_as_sent,
        over_odds,
        under_odds,
        home_moneyline,
        away_moneyline,
        home_spread_odds,
        away_spread_odds,
        opening_home_spread,
        opening_over_under,
        opening_home_moneyline,
        opening_away_moneyline,
        home_flagged_favorite,
        away_flagged_favorite,
        unparsed_price_count,
        unparsed_prices,
        observed_status_state,
        as_of_date,
        {{ audit_columns('espn_site') }}
    from ranked
    where line_rank = 1
)
{%- if is_incremental() %},

-- The new loads' line replaces the one held unless it is a live line and the held one is not: the ranking above,
-- applied across builds (a newer load always ranks before an older one of the same kind).
replacing as (
    select latest.*
    from latest
    where latest.observed_status_state is distinct from 'in'
        or not exists (
            select 1
            from {{ this }} as held
            where held.league = latest.league
                and held.event_id = latest.event_id
                and held.provider_id = latest.provider_id
                and held.observed_status_state is distinct from 'in'
        )
)

select * from replacing
{%- else %}

select * from latest
{%- endif %}
