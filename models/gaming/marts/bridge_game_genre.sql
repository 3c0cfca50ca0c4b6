-- One row per game and storefront genre as listed on the game's newest as-of date.
{{ current_membership_bridge(
    ref('int_game_genre_memberships'), ref('int_game_attributes_latest'), 'app_id', 'genre_id', 'genre_key'
) }}
