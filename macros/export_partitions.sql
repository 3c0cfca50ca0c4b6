{#- A fact's export: a Hive-partitioned dataset, one folder per month of its date column (meta
    `export_partition_by`, default as_of_date; `<x>_date` partitions into `<x>_month=YYYY-MM` folders) holding one
    file per day:

        <vertical>/<table>/as_of_month=2025-01/<table>_2025-01-31.parquet
        <vertical>/<table>/as_of_month=2025-01/_<table>_2025-01-31.parquet.meta.json   (sidecar of that file)
        <vertical>/<table>/_manifest.json                                             (every file, the table's rows)

    Readers of the dataset skip the names starting with `_`. A build rewrites only the days holding rows it wrote
    (`_built_at` of this build, or of a build since the mart was last published), plus any day of the table the
    published dataset lacks; every other file
    stays as published, so a daily build writes one day of the fact, not its month. The partition column must not
    change for a row's key: a row moving to another day would stay behind in its old day's file. The manifest lists
    every day of the table: the files written now and, for the others, the published ones
    (STARLINE_PUBLISHED_EXPORT_DIR, where the runner publishes the pending folder it gives as STARLINE_EXPORT_DIR;
    by default the same folder). -#}
{% macro export_fact_dataset(meta) -%}
    {%- set export_root = env_var('STARLINE_EXPORT_DIR', 'exports') -%}
    {%- set table_dir = export_root ~ '/' ~ meta.vertical ~ '/' ~ meta.table -%}
    {%- set published_dir = env_var('STARLINE_PUBLISHED_EXPORT_DIR', export_root) ~ '/' ~ meta.vertical ~ '/'
        ~ meta.table -%}
    {%- set date_column = meta.partition_by -%}
    {%- set columns = exported_columns() -%}
    {%- set all_names = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if date_column not in all_names or not date_column.endswith('_date') -%}
        {{ exceptions.raise_compiler_error(
            meta.table ~ ": the export partitions facts by the month of a `<x>_date` column, and '" ~ date_column
            ~ "' is not one of its columns; set meta `export_partition_by` to the fact's date column."
        ) }}
    {%- endif -%}
    {%- if '_built_at' not in all_names -%}
        {{ exceptions.raise_compiler_error(
            meta.table ~ " has no _built_at column, which tells the export which days this build wrote; add "
            ~ "`{{ build_stamp() }} as _built_at` as its last column."
        ) }}
    {%- endif -%}
    {%- set partition = date_column[:-5] ~ '_month' -%}
    {#- The published mart's newest build: rows built after it were never published (a build that failed its
        tests), so their days are written again. Without a published copy, every day is new. -#}
    {%- set published_table = load_relation(published_relation(model))
        if model.config.meta.get('published_schema') else none -%}

    {#- Grouped by the date and formatted after: formatting every row's date took twice as long at 36.5M rows.
        A day is written when this build wrote rows into it, not when it holds the table's newest rows: a build
        that writes nothing (a re-run, the day after a rebuild) rewrites no file. -#}
    {%- set days_query -%}
        select strftime(day, '%Y-%m-%d') as day, strftime(day, '%Y-%m') as month, written_now
        from (
            select
                {{ date_column }} as day,
                max(_built_at) = {{ build_stamp() }}
                {%- if published_table is not none %}
                    or coalesce(max(_built_at) > (select max(_built_at) from {{ published_table }}), true)
                {%- endif %} as written_now
            from {{ this }}
            group by {{ date_column }}
        )
        order by day
    {%- endset -%}
    {%- set days = run_query(days_query) -%}
    {%- if none in days.columns[0].values() -%}
        {{ exceptions.raise_compiler_error(
            meta.table ~ " has rows with no " ~ date_column ~ ", so no partition to export them to; "
            ~ "fix the model so every row has one, or set meta `export_partition_by` to a date that is never NULL."
        ) }}
    {%- endif -%}
    {%- set published = fact_sidecars(published_dir, partition) -%}

    {%- for row in days.rows if row['written_now'] or row['day'] not in published -%}
        {%- set day, month = row['day'], row['month'] -%}
        {%- set folder = table_dir ~ '/' ~ partition ~ '=' ~ month -%}
        {%- set file = meta.table ~ '_' ~ day ~ '.parquet' -%}
        {%- set path = folder ~ '/' ~ file -%}
        {%- set day_rows = '(select * from ' ~ this ~ ' where ' ~ date_column ~ " = date '" ~ day ~ "') as day_rows" -%}
        {%- set write_file -%}
            {{ make_folders(folder) }}
            {{ copy_to_parquet(
                'select ' ~ column_list(columns) ~ ' from ' ~ day_rows ~ ' order by ' ~ meta.order_by, path, meta
            ) }};
            copy (
                select
                    {{ export_identity(meta) }},
                    {{ sql_text(partition ~ '=' ~ month ~ '/' ~ file) }} as path,
                    {{ sql_text(partition) }} as partition_column,
                    {{ sql_text(month) }} as partition_value,
                    {{ sql_text(day) }} as first_date,
                    {{ sql_text(day) }} as last_date,
                    {{ parquet_file_facts(path) }},
                    {{ export_provenance(day_rows, columns) }}
            ) to '{{ folder }}/_{{ file }}.meta.json' (format json, use_tmp_file true)
        {%- endset -%}
        {%- do run_query(write_file) -%}
    {%- endfor -%}

    {#- Per day, the sidecar just written, else the published one; days no longer in the table are left out (the
        runner's publish removes their files). -#}
    {%- set written = fact_sidecars(table_dir, partition) -%}
    {%- set sidecars = [] -%}
    {%- for day in days.columns[0].values() -%}
        {%- do sidecars.append(written.get(day) or published[day]) -%}
    {%- endfor -%}

    {{ make_folders(table_dir) }}
    {{ export_manifest(meta, table_dir, columns, sidecars, partition, date_column) }}
{%- endmacro %}

{#- {day: sidecar path} of the files found under `table_dir` (the day ends the name: `_<table>_<day>.parquet.meta.json`). -#}
{% macro fact_sidecars(table_dir, partition) -%}
    {%- set found = run_query(
        "select file from glob('" ~ table_dir ~ "/" ~ partition ~ "=*/_*.parquet.meta.json') order by file"
    ) -%}
    {%- set sidecars = {} -%}
    {%- for file in found.columns[0].values() -%}
        {%- do sidecars.update({file[-28:-18]: file}) -%}
    {%- endfor -%}
    {{ return(sidecars) }}
{%- endmacro %}
