{{ config(alias='dim_date') }}

{{ dim_date_query() }}
order by date_key
