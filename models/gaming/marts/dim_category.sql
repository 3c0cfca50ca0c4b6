-- Type 1: one row per storefront category id (newest description wins), plus the unknown member.
{{ type1_dimension(ref('stg_steam__app_categories'), 'category_key', 'category_id', ['category_name']) }}
