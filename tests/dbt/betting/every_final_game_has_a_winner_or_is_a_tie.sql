-- Fails with each final game without scores, without a result, or whose result contradicts its score.
select
    league,
    event_id,
    home_score,
    away_score,
    winner_side
from {{ ref('fct_game_results') }}
-- The games the newest build wrote: earlier builds checked theirs.
where _built_at = (select max(_built_at) from {{ ref('fct_game_results') }})
    and is_final
    and (
        home_score is null
        or away_score is null
        or winner_side is null
        or (winner_side = 'tie' and home_score <> away_score)
        or (winner_side = 'home' and home_score <= away_score)
        or (winner_side = 'away' and away_score <= home_score)
    )
