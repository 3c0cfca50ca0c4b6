{{ config(alias='dim_language') }}

-- Type 1: one row per ISO 639-1 code from /configuration/languages (newest names win), plus the unknown member.
{{ type1_dimension(ref('stg_tmdb__languages'), 'language_key', 'language_code', ['english_name', 'native_name']) }}
