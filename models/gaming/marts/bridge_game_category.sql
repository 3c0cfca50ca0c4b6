-- One row per game and storefront category as listed by the game's newest storefront details.
{{ current_membership_bridge(
    ref('int_game_category_memberships'), ref('int_game_attributes_latest'), 'app_id', 'category_id', 'category_key',
    listed_on='details_as_of'
) }}
