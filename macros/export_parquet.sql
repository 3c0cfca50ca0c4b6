{#- Post-hook on every mart: write it as Snappy Parquet under $STARLINE_EXPORT_DIR/<vertical>/<table>/ (default
    folder `exports`), one folder per table so that each reads as one dataset. A dimension, bridge or dim_date
    folder holds one file, rewritten whole:

        <vertical>/<table>/<table>.parquet
        <vertical>/<table>/_<table>.parquet.meta.json   (its sidecar)
        <vertical>/<table>/_manifest.json               (the table: its columns, rows and files)

    A fact's folder is a Hive-partitioned dataset by month (export_fact_dataset in export_partitions.sql),
    rewritten only in the days the build wrote. The `_` names are what dataset readers (DuckDB's globs of
    `*.parquet`, pyarrow, pandas, polars, Spark) skip. Dispatched so another adapter can bring its own export.
    The folders and the run id (STARLINE_RUN_ID) are read when the hook runs, not as dbt vars: vars that change
    on every run would force dbt to re-parse the whole project each time. -#}
{#- The hook runs the adapter's export statements itself and prints how long they took (`print` reaches stdout
    even with --quiet): the runner books those seconds as export, not transform, without dbt's debug log, whose
    writing was a sixth of the build's time. -#}
{% macro export_parquet() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set started = modules.datetime.datetime.now() -%}
    {%- set statements = adapter.dispatch('export_parquet', 'starline')() -%}
    {%- if statements | trim -%}
        {%- do run_query(statements) -%}
    {%- endif -%}
    {%- set seconds = (modules.datetime.datetime.now() - started).total_seconds() -%}
    {#- The runner reads this line (EXPORT_TIMING in ingestion/runner/transform.py). -#}
    {%- do print('starline-export-seconds ' ~ model.unique_id ~ ' ' ~ ('%.6f' | format(seconds))) -%}
    {{ return('') }}
{%- endmacro %}

{% macro default__export_parquet() -%}
    {{ exceptions.raise_compiler_error(
        "Parquet export is implemented for DuckDB only; add a '" ~ adapter.type()
        ~ "__export_parquet' macro to export from this adapter."
    ) }}
{%- endmacro %}

{#- The export's descriptive facts, read from the model's YAML so the sidecar documents what analysts get. -#}
{% macro export_metadata() -%}
    {%- set name = this.identifier -%}
    {%- set kind = 'fact' if name.startswith('fct_') else ('bridge' if name.startswith('bridge_') else 'dimension') -%}
    {%- set meta = model.config.get('meta', {}) -%}
    {{ return({
        'table': name,
        'vertical': model.fqn[1],
        'kind': kind,
        'grain': meta.get('grain', ''),
        'scd_type': meta.get('scd_type'),
        'order_by': meta.get('export_order_by', 'all'),
        'partition_by': meta.get('export_partition_by', 'as_of_date'),
    }) }}
{%- endmacro %}

{#- A column is reported non-nullable only when a not-null test (dbt's not_null, or a columns_are_not_null check of
    rows_are_valid) guarantees it: on every row, or on every slice when it was written. A check with its own
    `where` leaves some rows unchecked. -#}
{% macro not_null_tested_columns() -%}
    {%- set columns = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'test' and node.get('attached_node') == model.unique_id
            and node.get('test_metadata') and node.config.get('where') in (none, '', '__new_slice__') -%}
            {%- if node.test_metadata.name == 'not_null' -%}
                {%- do columns.append(node.column_name | lower) -%}
            {%- elif node.test_metadata.name == 'rows_are_valid' -%}
                {%- for check in node.test_metadata.kwargs.checks
                    if 'columns_are_not_null' in check and not check.get('where') -%}
                    {%- for column in check.columns_are_not_null -%}
                        {%- do columns.append(column | lower) -%}
                    {%- endfor -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#- The columns that open every sidecar and manifest: which table, of which vertical, of what kind and grain. -#}
{% macro export_identity(meta) -%}
    {{ sql_text(meta.table) }} as "table",
    {{ sql_text(meta.vertical) }} as vertical,
    {{ sql_text(meta.kind) }} as kind,
    {{ sql_text(meta.grain) }} as grain
{%- endmacro %}

{% macro sql_text(value) -%}
    '{{ (value or '') | string | replace("'", "''") }}'
{%- endmacro %}

{#- The columns that go into the files: all but `_built_at`, which changes on every build and would make
    rebuilds of unchanged data differ. -#}
{% macro exported_columns() -%}
    {{ return(adapter.get_columns_in_relation(this) | rejectattr('name', 'equalto', '_built_at') | list) }}
{%- endmacro %}

{% macro column_list(columns) -%}
    {%- for column in columns %}{{ adapter.quote(column.name) }}{{ ', ' if not loop.last }}{% endfor -%}
{%- endmacro %}

{#- The documented columns of an export, as a DuckDB list of structs for a JSON sidecar or manifest. -#}
{% macro columns_description(columns) -%}
    {%- set not_null_columns = not_null_tested_columns() -%}
    [
    {%- for column in columns %}
        {
            'name': {{ sql_text(column.name) }},
            'type': {{ sql_text(column.dtype) }},
            'nullable': {{ 'false' if column.name | lower in not_null_columns else 'true' }},
            'description': {{ sql_text(model.columns.get(column.name, {}).get('description', '')) }}
        }{{ ',' if not loop.last }}
    {%- endfor %}
    ]
{%- endmacro %}

{#- Where the export came from: run id and dbt invocation, and the distinct lineage ids of the rows in `rows`. -#}
{% macro export_provenance(rows, columns) -%}
    {%- set column_names = columns | map(attribute='name') | map('lower') | list -%}
    strftime(timezone('UTC', now()), '%Y-%m-%dT%H:%M:%SZ') as created_at,
    {{ sql_text(invocation_id) }} as dbt_invocation_id,
    nullif({{ sql_text(env_var('STARLINE_RUN_ID', '')) }}, '') as run_id,
    {%- for lineage in ['_run_id', '_load_id'] %}
    {% if lineage in column_names -%}
    (select list(distinct {{ lineage }} order by {{ lineage }}) from {{ rows }} where {{ lineage }} is not null)
    {%- else -%}
    cast([] as varchar[])
    {%- endif %} as source{{ lineage }}s{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- What the Parquet file itself says about its content (size, checksum, codec, row groups). -#}
{% macro parquet_file_facts(path) -%}
    (select count(*) from read_parquet('{{ path }}')) as row_count,
    (select sha256(content) from read_blob('{{ path }}')) as sha256,
    (select size from read_blob('{{ path }}')) as size_bytes,
    (select lower(min(compression)) from parquet_metadata('{{ path }}')) as compression,
    (select count(distinct row_group_id) from parquet_metadata('{{ path }}')) as row_groups
{%- endmacro %}

{#- COPY does not create folders; an empty partitioned COPY does, and leaves existing files alone. -#}
{% macro make_folders(folder) -%}
    {%- set ns = namespace(prefix='') -%}
    {%- for part in folder.split('/') if part -%}
        {%- set ns.prefix = (ns.prefix ~ '/' ~ part) if (ns.prefix or folder.startswith('/')) else part -%}
    copy (select 1 as _starline, 'x' as _starline_part where false)
        to '{{ ns.prefix }}' (format parquet, partition_by (_starline_part), overwrite_or_ignore true);
    {% endfor %}
{%- endmacro %}

{#- Write `query` to `path`: Snappy; use_tmp_file writes beside the target and renames, so a crash never leaves a
    half-written file under the final name. Only static facts go in the footer: run ids would change the
    checksum of unchanged data (the query's total order does the rest). -#}
{% macro copy_to_parquet(query, path, meta) -%}
    copy ({{ query }})
        to '{{ path }}' (
            format parquet,
            compression snappy,
            use_tmp_file true,
            kv_metadata {
                starline_table: {{ sql_text(meta.table) }},
                starline_vertical: {{ sql_text(meta.vertical) }},
                starline_kind: {{ sql_text(meta.kind) }},
                starline_grain: {{ sql_text(meta.grain) }}
            }
        )
{%- endmacro %}

{% macro duckdb__export_parquet() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set meta = export_metadata() -%}
    {%- if meta.kind == 'fact' -%}
        {{ return(export_fact_dataset(meta)) }}
    {%- endif -%}
    {%- set table_dir = env_var('STARLINE_EXPORT_DIR', 'exports') ~ '/' ~ meta.vertical ~ '/' ~ meta.table -%}
    {%- set file = meta.table ~ '.parquet' -%}
    {%- set path = table_dir ~ '/' ~ file -%}
    {%- set sidecar = table_dir ~ '/_' ~ file ~ '.meta.json' -%}
    {%- set columns = exported_columns() -%}

    {{ make_folders(table_dir) }}

    {{ copy_to_parquet('select ' ~ column_list(columns) ~ ' from ' ~ this ~ ' order by ' ~ meta.order_by, path, meta) }};

    copy (
        select
            {{ export_identity(meta) }},
            {{ meta.scd_type if meta.scd_type is not none else 'null' }} as scd_type,
            {{ sql_text(file) }} as path,
            {{ columns_description(columns) }} as columns,
            {{ parquet_file_facts(path) }},
            {{ export_provenance(this, columns) }}
    ) to '{{ sidecar }}' (format json, use_tmp_file true);

    {{ export_manifest(meta, table_dir, columns, [sidecar]) }}
{%- endmacro %}

{#- `<table_dir>/_manifest.json`, in one shape for every table: what the table is, its columns and rows, and each
    of its data files (path relative to the folder, rows, checksum, size, the run that wrote it) from the files'
    sidecars. A fact names its partition column; a dimension or bridge, a single file, names none. -#}
{% macro export_manifest(meta, table_dir, columns, sidecars, partition=none, date_column=none) -%}
    copy (
        select
            {{ export_identity(meta) }},
            {%- if partition %}
            {{ sql_text(partition) }} as partition_column,
            {{ sql_text(date_column) }} as partitioned_by_month_of,
            'one file per day' as files_per_partition,
            {%- else %}
            cast(null as varchar) as partition_column,
            cast(null as varchar) as partitioned_by_month_of,
            'one file, not partitioned' as files_per_partition,
            {%- endif %}
            {{ sql_text(meta.order_by) }} as order_within_files,
            (select count(*) from {{ this }}) as total_rows,
            {{ columns_description(columns) }} as columns,
            {%- if sidecars %}
            (
                select list(
                    {'path': path,
                     'partition_value': {{ 'partition_value' if partition else 'cast(null as varchar)' }},
                     'row_count': row_count, 'sha256': sha256, 'size_bytes': size_bytes, 'run_id': run_id}
                    order by path
                )
                from read_json([{% for sidecar in sidecars %}'{{ sidecar }}'{{ ', ' if not loop.last }}{% endfor %}])
            ) as files,
            {%- else %}
            [] as files,
            {%- endif %}
            strftime(timezone('UTC', now()), '%Y-%m-%dT%H:%M:%SZ') as created_at,
            {{ sql_text(invocation_id) }} as dbt_invocation_id,
            nullif({{ sql_text(env_var('STARLINE_RUN_ID', '')) }}, '') as run_id
    ) to '{{ table_dir }}/_manifest.json' (format json, use_tmp_file true)
{%- endmacro %}
