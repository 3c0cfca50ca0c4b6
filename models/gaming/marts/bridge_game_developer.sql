-- One row per game and storefront developer as listed on the game's newest as-of date.
{{ current_membership_bridge(
    ref('int_game_developer_memberships'), ref('int_game_attributes_latest'), 'app_id', 'developer_name', 'developer_key'
) }}
