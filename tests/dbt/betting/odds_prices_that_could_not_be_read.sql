-- Warns with each line carrying a price text that does not read as a price (ESPN's "OFF", a new notation): the
-- measure is NULL in fct_game_odds, and unparsed_prices keeps the text. A warning, not an error: the rest of the
-- line is good, and a market ESPN takes off the board is not a broken build.
{{ config(severity='warn') }}

select
    league,
    event_id,
    provider_id,
    odds_format,
    unparsed_price_count,
    unparsed_prices
from {{ ref('fct_game_odds') }}
-- The lines the newest build wrote: earlier builds reported theirs.
where _built_at = (select max(_built_at) from {{ ref('fct_game_odds') }})
    and unparsed_price_count > 0
