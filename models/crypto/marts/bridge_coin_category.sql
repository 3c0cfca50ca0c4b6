-- One row per coin and category as listed in the coin's newest details (coins not read today keep the
-- membership last fetched).
{{ current_membership_bridge(
    ref('int_crypto_coin_category_memberships'), ref('int_crypto_coin_details_latest'), 'coin_id',
    'category_name', 'category_key'
) }}
