-- Every category a game was ever listed with, first and last seen: the history behind bridge_game_category.
{{ membership_history(ref('stg_steam__app_categories'), 'app_id', 'category_id') }}
