{#- A check of rows_are_valid: one row per grain value that occurs more than once, the fact or bridge is not at its
    grain. -#}
{% macro grain_is_unique(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as rows_at_grain
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{%- endmacro %}
