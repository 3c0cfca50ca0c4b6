-- Every spoken language a title was ever listed with, first and last seen: the history behind bridge_title_language.
{{ membership_history(
    ref('stg_tmdb__title_spoken_languages'), ['media_type', 'tmdb_id'], 'language_code', measures=['listed_position']
) }}
