-- Every publisher a game was ever listed with, first and last seen: the history behind bridge_game_publisher.
{{ membership_history(ref('stg_steam__app_publishers'), 'app_id', 'publisher_name') }}
