-- One row per game and storefront genre as listed by the game's newest storefront details.
{{ current_membership_bridge(
    ref('int_game_genre_memberships'), ref('int_game_attributes_latest'), 'app_id', 'genre_id', 'genre_key',
    listed_on='details_as_of'
) }}
