-- Fails with each line whose moneylines imply an impossible probability, or a book with a negative margin.
select
    league,
    event_id,
    provider_id,
    home_implied_probability,
    away_implied_probability,
    overround
from {{ ref('fct_game_odds') }}
-- The lines the newest build wrote: earlier builds checked theirs.
where _built_at = (select max(_built_at) from {{ ref('fct_game_odds') }})
    and (
        home_implied_probability not between 0 and 1
        or away_implied_probability not between 0 and 1
        or home_no_vig_probability not between 0 and 1
        or overround < 0
    )
