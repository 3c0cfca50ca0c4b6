-- One row per title and production company as listed in the title's newest details (details_as_of).
-- Movie and TV ids are separate number spaces: the title's key is (media_type, tmdb_id).
{{ current_membership_bridge(
    ref('int_title_company_memberships'),
    ref('int_media_title_attributes_latest'),
    ['media_type', 'tmdb_id'],
    'company_id',
    'company_key',
    measures=['listed_position'],
    listed_on='details_as_of',
) }}
