-- Every category a coin was ever listed with, first and last seen: the history behind bridge_coin_category.
{{ membership_history(ref('stg_coingecko__coin_categories'), 'coin_id', 'category_name') }}
