-- One row per show and network as listed in the show's details on its newest as-of date (movies have none).
{{ media_title_bridge(
    ref('stg_tmdb__tv_networks'), ref('int_media_title_attributes_latest'), 'network_id', 'network_key',
    attributes=['listed_position']
) }}
