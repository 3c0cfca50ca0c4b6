-- One row per game and storefront publisher as listed on the game's newest as-of date.
{{ current_membership_bridge(
    ref('int_game_publisher_memberships'), ref('int_game_attributes_latest'), 'app_id', 'publisher_name', 'publisher_key'
) }}
