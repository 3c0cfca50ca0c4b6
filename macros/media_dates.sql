{#- TMDb dates are 'YYYY-MM-DD', or "" when unknown: "" and anything unparseable become NULL, never a made-up
    date. Dispatched because a lenient cast is adapter-specific. -#}
{% macro media_text_to_date(column) -%}
    {{ return(adapter.dispatch('media_text_to_date', 'starline')(column)) }}
{%- endmacro %}

{% macro default__media_text_to_date(column) -%}
    {{ exceptions.raise_compiler_error(
        "media_text_to_date has no implementation for " ~ adapter.type() ~ "; add " ~ adapter.type()
        ~ "__media_text_to_date (an ISO date parse returning NULL for '' and unparseable text)."
    ) }}
{%- endmacro %}

{% macro duckdb__media_text_to_date(column) -%}
    try_cast(nullif(trim(cast({{ column }} as varchar)), '') as date)
{%- endmacro %}
