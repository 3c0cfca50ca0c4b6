-- One row per game and storefront publisher as listed by the game's newest storefront details.
{{ current_membership_bridge(
    ref('int_game_publisher_memberships'), ref('int_game_attributes_latest'), 'app_id', 'publisher_name', 'publisher_key',
    listed_on='details_as_of'
) }}
