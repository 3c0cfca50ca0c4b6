-- Production companies of each title per as-of date, from the movie and TV details.
with title_companies as (
    {{ media_details_children('production_companies', {
        'company_id': 'cast(c.id as integer)',
        'company_name': "nullif(trim(c.name), '')",
        'origin_country': "nullif(trim(c.origin_country), '')",
        'logo_path': "nullif(trim(c.logo_path), '')",
    }) }}
)

select * from title_companies
