{#- Write-audit-publish for the warehouse. A vertical's marts are written to `<vertical>_build` and tested there;
    analysts query `<vertical>` (a mart's `meta.published_schema`), which this on-run-end hook updates in one
    transaction per vertical, and only when every node of that vertical (and of `shared`) in the invocation passed.
    A failed test or a killed build leaves the published marts as the last passing build made them; the next
    passing build publishes everything built since.

    Publishing follows the increment: a mart materialized as a table (dimensions, bridges) is replaced whole; an
    incremental one (facts) takes the rows built since its published copy's newest `_built_at`, replacing the
    published rows of the same unique key, the way the model's own delete+insert did. A whole copy is taken when
    the published copy is missing, its columns differ, every built row is new (a full refresh), or the mart says
    `meta.publish: replace` (a model whose pre-hook deletes rows that no new row replaces). -#}
{% macro publish_marts(results) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set outcome = {'shared': {'passed': true, 'marts': []}} -%}
    {%- for result in results -%}
        {%- set fqn = result.node.fqn or [] -%}
        {%- set group = fqn[1] if fqn | length > 1 else 'shared' -%}
        {%- if group not in outcome -%}
            {%- do outcome.update({group: {'passed': true, 'marts': []}}) -%}
        {%- endif -%}
        {%- if result.status in ['error', 'fail', 'runtime error', 'skipped'] -%}
            {%- do outcome[group].update({'passed': false}) -%}
        {%- elif result.node.resource_type == 'model' and result.node.config.meta.get('published_schema') -%}
            {%- do outcome[group]['marts'].append(result.node) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for group, found in outcome.items() if group != 'shared' and found['marts'] -%}
        {%- if found['passed'] and outcome['shared']['passed'] -%}
            {%- do publish_vertical(found['marts']) -%}
        {%- else -%}
            {%- do log('starline: ' ~ group ~ ' not published: a node of it or of shared did not pass', info=true) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}

{#- Three queries decide the whole vertical's publish, whatever its number of marts: the columns of every built and
    published mart, then the published copies' newest `_built_at` and the built rows at or before it. Per mart
    they were three queries each, a second of every daily build. -#}
{% macro publish_vertical(marts) -%}
    {%- set statements = [] -%}
    {%- set columns = relation_columns(marts) -%}
    {%- set appendable = [] -%}
    {%- for node in marts -%}
        {%- set built = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- set published = published_relation(node) -%}
        {%- if appends_rows(node, published, columns) -%}
            {%- do appendable.append((node, built, published)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set newest = newest_published(appendable) -%}
    {%- for node in marts -%}
        {%- set built = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- set published = published_relation(node) -%}
        {%- do statements.append('create schema if not exists ' ~ adapter.quote(published.schema)) -%}
        {%- do statements.extend(publish_statements(node, built, published, newest.get(node.unique_id))) -%}
        {%- set built_names = columns.get((node.schema, node.alias) | join('.') | lower, []) -%}
        {%- do statements.extend(publish_comments(node, published, built_names)) -%}
    {%- endfor -%}
    {#- run_query opened dbt's transaction (the figures above were read in it): one commit publishes them all. -#}
    {%- do run_query(statements | join(';\n')) -%}
    {%- do adapter.commit() -%}
{%- endmacro %}

{% macro published_relation(node) -%}
    {{ return(api.Relation.create(
        database=node.database, schema=node.config.meta['published_schema'], identifier=node.alias
    )) }}
{%- endmacro %}

{#- Whether the published copy can take only the new rows: an incremental mart with a unique key, not marked
    `publish: replace`, whose published copy is a table with the same columns as the built one. -#}
{% macro appends_rows(node, published, columns) -%}
    {%- if node.config.materialized != 'incremental' or node.config.meta.get('publish') == 'replace'
        or not node.config.unique_key -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(
        database=published.database, schema=published.schema, identifier=published.identifier) -%}
    {%- if existing is none or existing.type != 'table' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set built_names = columns.get((node.schema, node.alias) | join('.') | lower, []) | map('lower') | sort | list -%}
    {%- set published_names = columns.get((published.schema, published.identifier) | join('.') | lower, [])
        | map('lower') | sort | list -%}
    {{ return(built_names == published_names) }}
{%- endmacro %}

{#- Per appendable mart (unique id): its published copy's newest `_built_at`, when the build also holds rows at
    or before it (else every built row is new: a full refresh, taken whole). One query for all of them. -#}
{% macro newest_published(appendable) -%}
    {%- if not appendable -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set selects = [] -%}
    {%- for node, built, published in appendable -%}
        {%- do selects.append(
            'select ' ~ sql_text(node.unique_id) ~ ' as unique_id, (select max(_built_at)::varchar from '
            ~ published ~ ') as newest, (select count(*) from ' ~ built ~ ' where _built_at <= (select max(_built_at) from '
            ~ published ~ ')) as kept') -%}
    {%- endfor -%}
    {%- set found = {} -%}
    {%- for row in run_query(selects | join('\nunion all\n')).rows -%}
        {%- if row[1] is not none and row[2] > 0 -%}
            {%- do found.update({row[0]: row[1]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}

{#- The statements that bring `published` up to `built`: the rows built after `newest` (the published copy's
    newest `_built_at`), replacing the published rows of the same unique key; or, without `newest`, a whole copy. -#}
{% macro publish_statements(node, built, published, newest) -%}
    {%- if newest is none -%}
        {{ return(['create or replace table ' ~ published ~ ' as select * from ' ~ built]) }}
    {%- endif -%}
    {%- set keys = [node.config.unique_key] if node.config.unique_key is string else node.config.unique_key -%}
    {%- set fresh = '(select * from ' ~ built ~ ' where _built_at > cast(\'' ~ newest ~ '\' as '
        ~ dbt.type_timestamp() ~ '))' -%}
    {%- set matches = [] -%}
    {%- for key in keys -%}
        {%- do matches.append('published.' ~ key ~ ' is not distinct from fresh.' ~ key) -%}
    {%- endfor -%}
    {{ return([
        'delete from ' ~ published ~ ' as published using (select distinct ' ~ keys | join(', ') ~ ' from '
            ~ fresh ~ ') as fresh where ' ~ matches | join(' and '),
        'insert into ' ~ published ~ ' by name select * from ' ~ fresh ~ ' as fresh',
    ]) }}
{%- endmacro %}

{#- The published copy of the mart built as `relation`, when it exists; none for any other relation. Only the
    test's own parents are looked at: a loop over the whole graph for every test cost the build seconds. -#}
{% macro published_copy(relation) -%}
    {%- for parent in model.depends_on.nodes if parent in graph.nodes -%}
        {%- set node = graph.nodes[parent] -%}
        {%- if node.resource_type == 'model' and node.schema == relation.schema and node.alias == relation.identifier
            and node.config.meta.get('published_schema') -%}
            {%- set published = published_relation(node) -%}
            {{ return(adapter.get_relation(
                database=published.database, schema=published.schema, identifier=published.identifier)) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}

{#- "<schema>.<table>" (lowercase) -> its columns in order, for every mart of one vertical, built and published, in
    one query. -#}
{% macro relation_columns(marts) -%}
    {%- set schemas = [marts[0].schema] -%}
    {%- for node in marts if node.config.meta['published_schema'] not in schemas -%}
        {%- do schemas.append(node.config.meta['published_schema']) -%}
    {%- endfor -%}
    {%- set found = {} -%}
    {%- set rows = run_query(
        "select lower(table_schema || '.' || table_name), column_name from information_schema.columns"
        ~ " where table_schema in ('" ~ schemas | join("', '") ~ "') order by table_schema, table_name, ordinal_position"
    ).rows -%}
    {%- for row in rows -%}
        {%- do found.setdefault(row[0], []).append(row[1]) -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}

{#- The YAML descriptions as comments on the published copy, so that an analyst in DuckDB finds them
    (`duckdb_tables()`, `duckdb_columns()`); every publish sets them, so they follow the YAML. A replaced table
    loses its comments, and dbt's persist_docs would comment only the build schema's copy. -#}
{% macro publish_comments(node, published, columns) -%}
    {{ return(adapter.dispatch('publish_comments', 'starline')(node, published, columns)) }}
{%- endmacro %}

{% macro default__publish_comments(node, published, columns) -%}
    {%- set statements = ['comment on table ' ~ published ~ ' is ' ~ comment_literal(node.description)] -%}
    {%- for column in columns -%}
        {%- set documented = node.columns.get(column) -%}
        {%- set described = (documented.description if documented else '') or audit_column_description(column) -%}
        {%- if described -%}
            {%- do statements.append(
                'comment on column ' ~ published ~ '.' ~ adapter.quote(column) ~ ' is ' ~ comment_literal(described)
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements) }}
{%- endmacro %}

{% macro comment_literal(text) -%}
    {{ return("'" ~ (text or '') | trim | replace("'", "''") ~ "'") }}
{%- endmacro %}

{#- Columns every mart gets from the project's materialization macros, described once here. -#}
{% macro audit_column_description(column) -%}
    {%- set described = {
        '_built_at': 'When the build that wrote this row ran (UTC); every row of one build has the same value.',
    } -%}
    {{ return(described.get(column)) }}
{%- endmacro %}
