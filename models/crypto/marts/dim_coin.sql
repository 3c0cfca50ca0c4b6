-- SCD type 2: one row per version of a coin, from the snap_coin snapshot, plus the unknown member.
{{ scd2_dimension(
    ref('snap_coin'),
    version_key='coin_key',
    natural_key=['coin_id'],
    attributes=[
        'coin_name', 'symbol', 'hashing_algorithm', 'genesis_date', 'homepage_url', 'categories', 'details_as_of',
    ],
) }}
