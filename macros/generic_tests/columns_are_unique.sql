{#- A check of rows_are_valid: one row per listed column that holds a value more than once, with how many such
    values (NULLs are not values). -#}
{% macro columns_are_unique(model, columns) %}
{%- for column in columns %}
select '{{ column }}' as column_name, count(*) as duplicated_values
from (
    select {{ column }}
    from {{ model }}
    where {{ column }} is not null
    group by {{ column }}
    having count(*) > 1
) as duplicated_{{ loop.index }}
having count(*) > 0
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- endmacro %}
