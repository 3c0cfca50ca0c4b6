{#- SCD2 history that does not depend on how days were landed. A dbt snapshot compares one state per key: when
    several as-of dates arrived since the last build (a failed day, a backfill, a rebuild from raw), snapshotting
    only the newest would give every entity one version valid from that day and lose the days between.

    Post-hook on the incremental model that holds the snapshot's input for every as-of date (one row per key and
    date). Before the snapshot runs, it writes the versions of every pending date but the newest into the
    snapshot table, in dbt's own format and as-of order: a version starts where any tracked column differs from
    the key's previous state (NULL-safe, as dbt's check strategy compares), and ends where the next one starts.
    The snapshot then handles the newest date as on any day. Pending dates are those after the newest
    `dbt_updated_at` of the snapshot: dates are snapshotted in order, so everything up to it was seen. Without a
    snapshot table (first build, or `starline rebuild` dropped it) the whole history but the newest date is
    derived, so a rebuild from raw gives the history that building day by day gives.

    snapshot_name  the snapshot that reads this model (its unique_key, check_cols and updated_at are read from
                   its config, so they are stated once) -#}
{% macro catch_up_snapshot(snapshot_name) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set node = graph.nodes.get('snapshot.' ~ project_name ~ '.' ~ snapshot_name) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error('catch_up_snapshot: no snapshot named ' ~ snapshot_name) }}
    {%- endif -%}
    {%- set unique_key = node.config.unique_key -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set check_cols = node.config.check_cols -%}
    {%- set updated_at = node.config.updated_at -%}
    {%- if check_cols is string or not updated_at -%}
        {{ exceptions.raise_compiler_error(
            'catch_up_snapshot(' ~ snapshot_name ~ ') needs a check_cols list and updated_at in the snapshot config'
        ) }}
    {%- endif -%}
    {%- set target = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
    {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if target -%}
        {#- A column the input gained since the snapshot was made reaches the snapshot on its own next run. -#}
        {%- set held = adapter.get_columns_in_relation(target) | map(attribute='name') | map('lower') | list -%}
        {%- set columns = columns | select('in', held) | list -%}
    {%- endif -%}

    {%- set bounds = run_query(
        'select (select cast(max(' ~ updated_at ~ ') as ' ~ dbt.type_string() ~ ') from ' ~ this ~ ')'
        ~ (', (select cast(max(dbt_updated_at) as ' ~ dbt.type_string() ~ ') from ' ~ target ~ ')' if target else '')
    ) -%}
    {%- set newest = bounds.columns[0].values()[0] -%}
    {%- set snapshotted = bounds.columns[1].values()[0] if target else none -%}
    {%- if newest is none -%}
        {{ return('') }}
    {%- endif -%}
    {#- A full refresh rebuilds every day: only an incremental build can bring a day older than the history. -#}
    {%- if snapshotted and is_incremental() -%}
        {%- set older = run_query(
            'select cast(min(' ~ updated_at ~ ') as ' ~ dbt.type_string() ~ ') from ' ~ this
            ~ ' where _built_at = ' ~ build_stamp() ~ ' and ' ~ updated_at ~ ' < cast(\'' ~ snapshotted ~ '\' as '
            ~ dbt.type_timestamp() ~ ')'
        ).columns[0].values()[0] -%}
        {%- if older is not none -%}
            {{ exceptions.raise_compiler_error(
                this.identifier ~ ' received as-of ' ~ older[:10] ~ ', older than ' ~ snapshotted[:10] ~ ', the newest day '
                ~ snapshot_name ~ ' holds: history is built in as-of order, so nothing was built from it. To add an older '
                ~ 'day, land it and run `starline rebuild ' ~ model.fqn[1] ~ '` (history re-derived from raw).'
            ) }}
        {%- endif -%}
    {%- endif -%}
    {#- A re-run of the newest snapshotted day (its source answered again, maybe differently) replaces that day's
        versions: the day is taken back out of the snapshot (versions it started deleted, versions it ended
        reopened) and snapshotted again below. Left in, a change would start a second version on the same day
        with the same dbt_scd_id. -#}
    {%- if snapshotted and is_incremental() -%}
        {%- set rerun = run_query(
            'select count(*) from ' ~ this ~ ' where _built_at = ' ~ build_stamp() ~ ' and ' ~ updated_at
            ~ ' = cast(\'' ~ snapshotted ~ '\' as ' ~ dbt.type_timestamp() ~ ')'
        ).columns[0].values()[0] -%}
        {%- if rerun > 0 -%}
            {% call statement('take_back_rerun_day') -%}
                delete from {{ target }} where dbt_valid_from = cast('{{ snapshotted }}' as {{ dbt.type_timestamp() }});
                update {{ target }} set dbt_valid_to = null
                where dbt_valid_to = cast('{{ snapshotted }}' as {{ dbt.type_timestamp() }})
            {%- endcall %}
            {%- set snapshotted = run_query(
                'select cast(max(dbt_updated_at) as ' ~ dbt.type_string() ~ ') from ' ~ target
            ).columns[0].values()[0] -%}
        {%- endif -%}
    {%- endif -%}
    {%- set pending_filter -%}
        {{ updated_at }} < cast('{{ newest }}' as {{ dbt.type_timestamp() }})
        {%- if snapshotted %} and {{ updated_at }} > cast('{{ snapshotted }}' as {{ dbt.type_timestamp() }}){% endif %}
    {%- endset -%}
    {%- set versions -%}
        {{ snapshot_versions_between(this, target, columns, keys, check_cols, updated_at, pending_filter) }}
    {%- endset -%}

    {%- set pending = run_query('select count(*) from ' ~ this ~ ' where ' ~ pending_filter).columns[0].values()[0] -%}
    {%- if pending == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- if target is none -%}
        {%- set created = api.Relation.create(
            database=node.database, schema=node.schema, identifier=node.alias, type='table') -%}
        {% do adapter.create_schema(created) %}
        {% call statement('derive_snapshot_history') -%}
            {{ create_table_as(false, created, versions) }}
        {%- endcall %}
        {#- dbt lists relations once per invocation: without this, the snapshot would not see the table. -#}
        {% do adapter.cache_added(created) %}
    {%- else -%}
        {%- set staged = make_temp_relation(target, '__catch_up') -%}
        {% call statement('stage_snapshot_catch_up') -%}
            {{ create_table_as(true, staged, versions) }}
        {%- endcall %}
        {% call statement('close_superseded_versions') -%}
            update {{ target }}
            set dbt_valid_to = first_new.dbt_valid_from
            from (
                select {{ keys | join(', ') }}, min(dbt_valid_from) as dbt_valid_from
                from {{ staged }}
                group by {{ keys | join(', ') }}
            ) as first_new
            where {% for key in keys %}{{ target }}.{{ key }} = first_new.{{ key }} and {% endfor -%}
                {{ target }}.dbt_valid_to is null
        {%- endcall %}
        {% call statement('insert_new_versions') -%}
            insert into {{ target }} ({{ (columns + ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']) | join(', ') }})
            select {{ (columns + ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']) | join(', ') }}
            from {{ staged }}
        {%- endcall %}
        {% do adapter.drop_relation(staged) %}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- The versions that the pending rows of `source` start, in the snapshot's columns: each key's current version
    in `target` (if any) is the state the first pending row is compared with. -#}
{% macro snapshot_versions_between(source, target, columns, keys, check_cols, updated_at, pending_filter) -%}
with pending as (
    select {{ columns | join(', ') }}, 1 as _is_pending
    from {{ source }}
    where {{ pending_filter }}
),

{%- if target %}

current_versions as (
    select {% for column in columns %}current_versions.{{ column }}, {% endfor %}0 as _is_pending
    from {{ target }} as current_versions
    where current_versions.dbt_valid_to is null
        and exists (
            select 1 from pending
            where {% for key in keys %}{{ 'and ' if not loop.first }}pending.{{ key }} = current_versions.{{ key }} {% endfor %}
        )
),
{%- endif %}

states as (
    select * from pending
    {%- if target %}
    union all
    select * from current_versions
    {%- endif %}
),

compared as (
    select
        *,
        row_number() over key_order as state_number,
        {%- for column in check_cols %}
        lag({{ column }}) over key_order as previous_{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from states
    window key_order as (partition by {{ keys | join(', ') }} order by _is_pending, {{ updated_at }})
),

changes as (
    select *
    from compared
    where _is_pending = 1
        and (
            state_number = 1
            {%- for column in check_cols %}
            or {{ column }} is distinct from previous_{{ column }}
            {%- endfor %}
        )
)

select
    {{ columns | join(', ') }},
    {{ snapshot_hash_arguments(keys + [updated_at]) }} as dbt_scd_id,
    {{ updated_at }} as dbt_updated_at,
    {{ updated_at }} as dbt_valid_from,
    lead({{ updated_at }}) over (partition by {{ keys | join(', ') }} order by {{ updated_at }}) as dbt_valid_to
from changes
{%- endmacro %}
