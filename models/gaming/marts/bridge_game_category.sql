-- One row per game and storefront category as listed on the game's newest as-of date.
{{ current_membership_bridge(
    ref('int_game_category_memberships'), ref('int_game_attributes_latest'), 'app_id', 'category_id', 'category_key'
) }}
