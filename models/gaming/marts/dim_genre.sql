-- Type 1: one row per storefront genre id (newest description wins), plus the unknown member.
{{ type1_dimension(ref('stg_steam__app_genres'), 'genre_key', 'genre_id', ['genre_name']) }}
