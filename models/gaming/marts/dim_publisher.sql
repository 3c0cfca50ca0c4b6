-- Type 1: one row per publisher name seen in the storefront, plus the unknown member.
{{ type1_dimension(ref('stg_steam__app_publishers'), 'publisher_key', 'publisher_name') }}
