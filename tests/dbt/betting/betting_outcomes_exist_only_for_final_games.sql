-- Fails with each line whose outcome columns disagree with its game's state: an outcome before the game is final,
-- or a final game with a spread (or a total) but no result against it.
select
    league,
    event_id,
    provider_id,
    game_status,
    home_ats_result,
    total_result
from {{ ref('fct_game_odds') }}
-- The lines the newest build wrote: earlier builds checked theirs.
where _built_at = (select max(_built_at) from {{ ref('fct_game_odds') }})
    and (
        (not is_settled and (home_ats_result is not null or total_result is not null or favorite_won is not null))
        or (is_settled and home_spread is not null and home_ats_result is null)
        or (is_settled and over_under is not null and total_result is null)
    )
