-- Type 1: one row per developer name seen in the storefront, plus the unknown member.
{{ type1_dimension(ref('stg_steam__app_developers'), 'developer_key', 'developer_name') }}
