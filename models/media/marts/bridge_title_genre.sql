-- One row per title and genre as listed in the title's details on its newest as-of date.
{{ media_title_bridge(
    ref('stg_tmdb__title_genres'), ref('int_media_title_attributes_latest'), 'genre_id', 'genre_key',
    attributes=['listed_position']
) }}
