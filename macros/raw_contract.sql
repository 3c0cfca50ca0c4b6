{#- The declared raw contract: every raw table and column that staging reads is listed, with its type, in
    models/<vertical>/staging/_<vertical>__sources.yml. dlt creates a table or a column only once some row carried
    it, so a day with no events, or a selection where no app has genres, would leave staging reading a relation
    that does not exist. Before anything runs, this creates what the loads have not created yet, empty, for the
    sources of the selected verticals. dlt compares its schema with the tables that exist and only adds its
    missing columns, so a later load that does carry the data fills these tables as if it had made them. -#}
{% macro ensure_raw_contract() -%}
    {{ return(adapter.dispatch('ensure_raw_contract', 'starline')()) }}
{%- endmacro %}

{% macro default__ensure_raw_contract() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set sources = raw_contract_sources() -%}
    {%- if sources | length == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set schemas = sources | map(attribute='schema') | unique | list -%}
    {%- set existing_query -%}
        select lower(table_schema) || '.' || lower(table_name) || '.' || lower(column_name)
        from information_schema.columns
        where table_catalog = '{{ target.database }}'
            and lower(table_schema) in ('{{ schemas | map('lower') | join("', '") }}')
    {%- endset -%}
    {%- set existing = run_query(existing_query).columns[0].values() -%}
    {%- set existing_tables = [] -%}
    {%- for column_path in existing -%}
        {%- do existing_tables.append(column_path.rsplit('.', 1)[0]) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for schema in schemas -%}
        {%- do statements.append('create schema if not exists ' ~ adapter.quote(schema)) -%}
    {%- endfor -%}
    {%- for source in sources -%}
        {%- set relation = adapter.quote(source.schema) ~ '.' ~ adapter.quote(source.identifier) -%}
        {%- set table_path = (source.schema ~ '.' ~ source.identifier) | lower -%}
        {%- if table_path not in existing_tables -%}
            {%- set definitions = [] -%}
            {%- for column in source.columns.values() -%}
                {%- do definitions.append(adapter.quote(column.name) ~ ' ' ~ column.data_type) -%}
            {%- endfor -%}
            {%- do statements.append('create table if not exists ' ~ relation ~ ' (' ~ definitions | join(', ') ~ ')') -%}
        {%- else -%}
            {%- for column in source.columns.values() -%}
                {%- if (table_path ~ '.' ~ column.name) | lower not in existing -%}
                    {%- do statements.append(
                        'alter table ' ~ relation ~ ' add column if not exists '
                        ~ adapter.quote(column.name) ~ ' ' ~ column.data_type
                    ) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements | join(';\n')) }}
{%- endmacro %}

{#- The sources whose contract this invocation needs: those tagged like a selected node (`dbt build --select
    gaming` needs raw_gaming only). A source table without declared columns has no contract to enforce. -#}
{% macro raw_contract_sources() -%}
    {%- set selected_tags = [] -%}
    {%- for unique_id in selected_resources -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node is not none -%}
            {%- for tag in node.tags if tag not in selected_tags -%}
                {%- do selected_tags.append(tag) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set sources = [] -%}
    {%- for source in graph.sources.values() if source.columns -%}
        {%- if source.tags | select('in', selected_tags) | list | length > 0 -%}
            {%- for column in source.columns.values() if not column.data_type -%}
                {{ exceptions.raise_compiler_error(
                    'source ' ~ source.source_name ~ '.' ~ source.name ~ ': column ' ~ column.name
                    ~ ' has no data_type; every column of the raw contract declares one'
                ) }}
            {%- endfor -%}
            {%- do sources.append(source) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(sources) }}
{%- endmacro %}
