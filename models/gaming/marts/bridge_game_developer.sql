-- One row per game and storefront developer as listed by the game's newest storefront details.
{{ current_membership_bridge(
    ref('int_game_developer_memberships'), ref('int_game_attributes_latest'), 'app_id', 'developer_name', 'developer_key',
    listed_on='details_as_of'
) }}
