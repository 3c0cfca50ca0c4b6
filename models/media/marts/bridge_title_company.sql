-- One row per title and production company as listed in the title's details on its newest as-of date.
{{ media_title_bridge(
    ref('stg_tmdb__title_companies'), ref('int_media_title_attributes_latest'), 'company_id', 'company_key',
    attributes=['listed_position']
) }}
