-- One row per show and network as listed in the show's newest details, details_as_of (movies have none).
-- Movie and TV ids are separate number spaces: the title's key is (media_type, tmdb_id).
{{ current_membership_bridge(
    ref('int_title_network_memberships'),
    ref('int_media_title_attributes_latest'),
    ['media_type', 'tmdb_id'],
    'network_id',
    'network_key',
    measures=['listed_position'],
    listed_on='details_as_of',
) }}
