-- Spoken languages of each title per as-of date, from the movie and TV details.
with title_languages as (
    {{ media_details_children('spoken_languages', {
        'language_code': "nullif(trim(c.iso_639_1), '')",
        'english_name': "nullif(trim(c.english_name), '')",
        'native_name': "nullif(trim(c.name), '')",
    }) }}
)

select * from title_languages
