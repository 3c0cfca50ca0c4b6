-- One row per game and storefront developer as listed on the game's newest as-of date.
{{ current_membership_bridge(
    ref('stg_steam__app_developers'), ref('int_game_attributes_latest'), 'app_id', 'developer_name', 'developer_key'
) }}
