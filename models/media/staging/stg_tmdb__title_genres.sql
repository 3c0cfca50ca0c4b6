-- Genres of each title per as-of date, from the movie and TV details.
with title_genres as (
    {{ media_details_children('genres', {
        'genre_id': 'cast(c.id as integer)',
        'genre_name': "nullif(trim(c.name), '')",
    }) }}
)

select * from title_genres
