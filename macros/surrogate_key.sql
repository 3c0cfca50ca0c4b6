{#- The one surrogate-key macro: MD5 over the natural-key columns cast to text, NULL replaced by a fixed token,
    joined by a separator that cannot occur in the values' text forms. No case folding: 'Valve' and 'valve'
    are different natural keys. Same semantics as dbt_utils' generate_surrogate_key. -#}
{% macro surrogate_key(columns) -%}
    {%- if columns is string -%}
        {%- set columns = [columns] -%}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append(
            "coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '_starline_null_')"
        ) -%}
        {%- if not loop.last -%}
            {%- do parts.append("'-'") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- The key every dimension's unknown member carries; facts point to it instead of NULL. -#}
{% macro unknown_key() -%}
    '-1'
{%- endmacro %}
