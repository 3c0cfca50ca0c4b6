-- Every genre a title was ever listed with, first and last seen: the history behind bridge_title_genre.
{{ membership_history(
    ref('stg_tmdb__title_genres'), ['media_type', 'tmdb_id'], 'genre_id', measures=['listed_position']
) }}
