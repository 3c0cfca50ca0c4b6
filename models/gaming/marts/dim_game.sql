-- SCD type 2: one row per version of a game, from the snap_game snapshot, plus the unknown member.
{{ scd2_dimension(
    ref('snap_game'),
    version_key='game_key',
    natural_key=['app_id'],
    attributes=[
        'game_name', 'app_type', 'is_free', 'list_price_cents', 'price_currency', 'developers', 'publishers',
        'is_on_windows', 'is_on_mac', 'is_on_linux', 'release_date', 'release_date_text', 'is_coming_soon',
        'required_age', 'metacritic_score', 'has_store_details', 'details_as_of',
    ],
) }}
