{#- Schemas come out exactly as configured (`gaming`, `shared`, ...) instead of dbt's `<target>_<custom>`,
    because analysts query them by those names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
