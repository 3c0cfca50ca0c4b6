-- Networks of each show per as-of date, from the TV details.
with tv_networks as (
    {{ media_details_children('networks', {
        'network_id': 'cast(c.id as integer)',
        'network_name': "nullif(trim(c.name), '')",
        'origin_country': "nullif(trim(c.origin_country), '')",
        'logo_path': "nullif(trim(c.logo_path), '')",
    }, media_types=['tv']) }}
)

select * from tv_networks
