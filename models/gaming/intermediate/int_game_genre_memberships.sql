-- Every genre a game was ever listed with, first and last seen: the history behind bridge_game_genre.
{{ membership_history(ref('stg_steam__app_genres'), 'app_id', 'genre_id') }}
