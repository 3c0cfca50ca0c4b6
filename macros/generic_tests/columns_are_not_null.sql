{#- A check of rows_are_valid: one row per listed column that holds NULLs, with how many. One scan of the slice
    checks every column at once. -#}
{% macro columns_are_not_null(model, columns) %}
with null_counts as (
    select
        {%- for column in columns %}
        count(*) - count({{ column }}) as null_rows_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ model }}
)
{%- for column in columns %}
select '{{ column }}' as column_name, null_rows_{{ loop.index }} as null_rows
from null_counts
where null_rows_{{ loop.index }} > 0
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- endmacro %}
