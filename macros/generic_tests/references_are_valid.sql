{#- A check of rows_are_valid: one row per listed reference whose column holds values the referenced model
    lacks, with how many rows hold them (NULL references nothing).

    references  a list of {column, to (a ref), field}, e.g. {column: game_key, to: "ref('dim_game')", field: game_key} -#}
{% macro references_are_valid(model, references) %}
{%- for reference in references %}
select
    '{{ reference.column }}' as column_name,
    '{{ reference.to.identifier }}.{{ reference.field }}' as referenced_column,
    count(*) as orphan_rows
from (select {{ reference.column }} as referencing_value from {{ model }}) as referencing
where referencing.referencing_value is not null
    and not exists (
        select 1 from {{ reference.to }} as referenced
        where referenced.{{ reference.field }} = referencing.referencing_value
    )
having count(*) > 0
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- endmacro %}
