-- One row per title and spoken language as listed in the title's newest details (details_as_of).
-- Movie and TV ids are separate number spaces: the title's key is (media_type, tmdb_id).
{{ current_membership_bridge(
    ref('int_title_language_memberships'),
    ref('int_media_title_attributes_latest'),
    ['media_type', 'tmdb_id'],
    'language_code',
    'language_key',
    measures=['listed_position'],
    listed_on='details_as_of',
) }}
