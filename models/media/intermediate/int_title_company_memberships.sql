-- Every production company a title was ever listed with, first and last seen: the history behind bridge_title_company.
{{ membership_history(
    ref('stg_tmdb__title_companies'), ['media_type', 'tmdb_id'], 'company_id', measures=['listed_position']
) }}
