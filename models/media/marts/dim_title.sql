-- SCD type 2: one row per version of a title, from the snap_title snapshot, plus the unknown member.
-- Movie and TV ids share one number space, so the durable key is (media_type, tmdb_id).
{{ scd2_dimension(
    ref('snap_title'),
    version_key='title_key',
    natural_key=['media_type', 'tmdb_id'],
    attributes=[
        'title', 'original_title', 'status', 'runtime_minutes', 'release_date',
        'cast(extract(year from release_date) as integer) as release_year', 'original_language', 'is_adult',
        'overview_md5', 'has_details', 'details_as_of',
    ],
) }}
