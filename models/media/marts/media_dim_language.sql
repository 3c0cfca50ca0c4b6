{{ config(alias='dim_language') }}

-- Type 1: one row per ISO 639-1 code from /configuration/languages and the titles' spoken languages (newest names
-- win), plus the unknown member.
{{ type1_dimension(ref('int_media_languages'), 'language_key', 'language_code', ['english_name', 'native_name']) }}
