-- Every network a title was ever listed with, first and last seen: the history behind bridge_title_network.
{{ membership_history(
    ref('stg_tmdb__tv_networks'), ['media_type', 'tmdb_id'], 'network_id', measures=['listed_position']
) }}
