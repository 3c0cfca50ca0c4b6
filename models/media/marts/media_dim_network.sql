{{ config(alias='dim_network') }}

-- Type 1: one row per TMDb network id seen on any show (newest values win), plus the unknown member.
{{ type1_dimension(
    ref('stg_tmdb__tv_networks'), 'network_key', 'network_id', ['network_name', 'origin_country', 'logo_path']
) }}
