{#- A check of rows_are_valid: one row per value outside its column's accepted list, with how many rows hold it
    (NULL passes, as in dbt's `accepted_values`).

    values  a mapping of column to its accepted values, e.g. {media_type: [movie, tv]} -#}
{% macro columns_have_accepted_values(model, values) %}
{%- for column, accepted in values.items() %}
select
    '{{ column }}' as column_name,
    cast({{ column }} as {{ dbt.type_string() }}) as unexpected_value,
    count(*) as rows_with_value
from {{ model }}
where {{ column }} is not null
    and {{ column }} not in (
        {%- for value in accepted -%}
        {{ "'" ~ value ~ "'" if value is string else value }}{{ ', ' if not loop.last }}
        {%- endfor -%}
    )
group by {{ column }}
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- endmacro %}
