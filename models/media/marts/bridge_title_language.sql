-- One row per title and spoken language as listed in the title's details on its newest as-of date.
{{ media_title_bridge(
    ref('stg_tmdb__title_spoken_languages'), ref('int_media_title_attributes_latest'), 'language_code',
    'language_key', attributes=['listed_position']
) }}
