{#- Fails with one row per listed column that holds NULLs, with how many. One test for all of a model's NOT NULL
    columns instead of one per column: each dbt test is a node that costs the build about 65 ms of Python whatever
    its query, and one scan of the slice checks every column at once. -#}
{% test columns_are_not_null(model, columns) %}
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
{% endtest %}
