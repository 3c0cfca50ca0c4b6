{{ config(alias='dim_company') }}

-- Type 1: one row per TMDb production company id seen on any movie or show (newest values win), plus the unknown
-- member.
{{ type1_dimension(
    ref('stg_tmdb__title_companies'), 'company_key', 'company_id', ['company_name', 'origin_country', 'logo_path']
) }}
