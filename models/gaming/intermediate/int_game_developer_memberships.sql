-- Every developer a game was ever listed with, first and last seen: the history behind bridge_game_developer.
{{ membership_history(ref('stg_steam__app_developers'), 'app_id', 'developer_name') }}
