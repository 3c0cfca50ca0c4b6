-- Every tag a game was ever listed with, first and last seen: the history behind bridge_game_tag.
{{ membership_history(ref('stg_steamspy__app_tags'), 'app_id', 'tag_name', measures=['votes']) }}
