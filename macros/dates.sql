{#- Smart integer key yyyymmdd: readable in facts and stable without a lookup into dim_date. -#}
{% macro date_key(date_expression) -%}
    cast(
        extract(year from {{ date_expression }}) * 10000
        + extract(month from {{ date_expression }}) * 100
        + extract(day from {{ date_expression }})
        as integer
    )
{%- endmacro %}

{#- End of time for open SCD2 versions: a real date keeps `between` and range joins simple. -#}
{% macro end_of_time() -%}
    cast('9999-12-31' as date)
{%- endmacro %}

{#- dlt load ids are the load's start time in epoch seconds, as text. -#}
{% macro dlt_load_timestamp(load_id_column) -%}
    {{ return(adapter.dispatch('dlt_load_timestamp', 'starline')(load_id_column)) }}
{%- endmacro %}

{% macro default__dlt_load_timestamp(load_id_column) -%}
    cast(to_timestamp(cast({{ load_id_column }} as double precision)) as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__dlt_load_timestamp(load_id_column) -%}
    cast(timezone('UTC', to_timestamp(cast({{ load_id_column }} as double))) as timestamp)
{%- endmacro %}
