{#- Fails with one row per listed column that holds a value more than once, with how many such values (NULLs are
    not values). One test for all of a model's unique columns, as `columns_are_not_null` is for NOT NULL. -#}
{% test columns_are_unique(model, columns) %}
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
{% endtest %}
