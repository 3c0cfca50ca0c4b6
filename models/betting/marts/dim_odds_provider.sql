-- Type 1: one row per odds provider id (newest name and priority win), plus the unknown member.
{{ type1_dimension(ref('stg_espn__odds'), 'provider_key', 'provider_id', ['provider_name', 'provider_priority']) }}
