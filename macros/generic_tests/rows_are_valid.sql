{#- All of a model's checks in one test: each dbt test is a node that costs the build about 60 ms of Python
    whatever its query, and most models carry several. Fails with one row per failing check (per unexpected value
    for accepted values), so a failure still says which check broke, on which column and how badly:

        check_name         the check, e.g. columns_are_not_null
        column_name        its column, or the grain's columns joined by ', '
        failing_value      the value outside the accepted list (columns_have_accepted_values only)
        referenced_column  <model>.<field> the column should match (references_are_valid only)
        failing_count      grain values at more than one row, NULL rows, values held more than once, rows with
                           the unexpected value, or rows referencing nothing

    checks  a list, each with one check and its argument (the macro of that name in this folder takes it), and an
            optional `where`: a predicate on top of the test's own slice (its config `where`), e.g.
                - grain_is_unique: [app_id, valid_from]
                - columns_are_not_null: [calendar_date]
                  where: "not is_unknown_member"
                - references_are_valid:
                    - {column: game_key, to: "ref('dim_game')", field: game_key}
                - columns_have_accepted_values: {media_type: [movie, tv]}

    A check's own `where` narrows the rows it reads; the test's config `where` (e.g. "__new_slice__", replaced when
    the test runs) stays one per test, so checks that need different slices go in separate tests. -#}
{% test rows_are_valid(model, checks) %}
{%- set failures = [] -%}
{%- for check in checks -%}
    {%- set kinds = check.keys() | reject('equalto', 'where') | list -%}
    {%- if kinds | length != 1 or kinds[0] not in check_failure_columns() -%}
        {{ exceptions.raise_compiler_error(
            'rows_are_valid: a check names exactly one of ' ~ check_failure_columns().keys() | join(', ')
            ~ ' (and optionally where); got ' ~ check
        ) }}
    {%- endif -%}
    {%- set kind = kinds[0] -%}
    {%- set rows = model -%}
    {%- if check.get('where') -%}
        {%- set rows = '(select * from ' ~ model ~ ' where ' ~ check.where ~ ') as checked_rows' -%}
    {%- endif -%}
    {%- do failures.append(check_failures(kind, rows, check[kind])) -%}
{%- endfor %}
{{ failures | join('\nunion all\n') }}
{% endtest %}

{#- Where each check's failure rows (macros/generic_tests/<check>.sql) hold rows_are_valid's columns (none: the
    check has no such column). The grain check has a row per duplicated grain value, which rows_are_valid counts
    into one. -#}
{% macro check_failure_columns() -%}
    {{ return({
        'grain_is_unique': {'column': none, 'value': none, 'referenced': none, 'count': 'count(*)'},
        'columns_are_not_null': {'column': 'column_name', 'value': none, 'referenced': none, 'count': 'null_rows'},
        'columns_are_unique': {
            'column': 'column_name', 'value': none, 'referenced': none, 'count': 'duplicated_values'},
        'columns_have_accepted_values': {
            'column': 'column_name', 'value': 'unexpected_value', 'referenced': none, 'count': 'rows_with_value'},
        'references_are_valid': {
            'column': 'column_name', 'value': none, 'referenced': 'referenced_column', 'count': 'orphan_rows'},
    }) }}
{%- endmacro %}

{#- One check's failures: the check's own query, its columns renamed to rows_are_valid's and cast so that every
    check's rows union. -#}
{% macro check_failures(kind, rows, argument) -%}
    {%- set columns = check_failure_columns()[kind] -%}
    {%- set text = dbt.type_string() -%}
    {%- if kind == 'grain_is_unique' -%}
        {%- set failing = grain_is_unique(rows, argument) -%}
    {%- elif kind == 'columns_are_not_null' -%}
        {%- set failing = columns_are_not_null(rows, argument) -%}
    {%- elif kind == 'columns_are_unique' -%}
        {%- set failing = columns_are_unique(rows, argument) -%}
    {%- elif kind == 'columns_have_accepted_values' -%}
        {%- set failing = columns_have_accepted_values(rows, argument) -%}
    {%- else -%}
        {%- set failing = references_are_valid(rows, argument) -%}
    {%- endif %}
    select
        cast('{{ kind }}' as {{ text }}) as check_name,
        cast({{ columns.column or ("'" ~ argument | join(', ') ~ "'") }} as {{ text }}) as column_name,
        cast({{ columns.value or 'null' }} as {{ text }}) as failing_value,
        cast({{ columns.referenced or 'null' }} as {{ text }}) as referenced_column,
        cast({{ columns.count }} as {{ dbt.type_bigint() }}) as failing_count
    from ({{ failing }}) as {{ kind }}_failures
    {%- if kind == 'grain_is_unique' %}
    having count(*) > 0
    {%- endif %}
{%- endmacro %}
