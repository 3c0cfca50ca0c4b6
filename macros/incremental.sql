{#- The daily build touches the new day, not the history: staging, intermediate models and facts are incremental
    tables that read only the raw rows of loads they have not seen, and their tests check the rows the last build
    wrote. Every incremental model carries `_built_at` (the dbt invocation's start time) for those tests. -#}

{#- When the dbt invocation that wrote a row started: the same value for every row one build writes. -#}
{% macro build_stamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- The filter of an incremental model on raw: on an incremental run, only rows of dlt loads newer than the newest
    load it holds (dlt load ids are epoch seconds as text of one width, so text order is time order). Root tables
    and, through the normalizer's propagation, child tables both carry `_dlt_load_id`. -#}
{% macro new_loads(load_id_column='_dlt_load_id', built_load_id='_load_id') -%}
    {%- if is_incremental() -%}
    where {{ load_id_column }} > (select coalesce(max({{ built_load_id }}), '') from {{ this }})
    {%- endif -%}
{%- endmacro %}

{#- A test `where` of "__new_slice__" checks only the rows the newest build wrote (`_built_at`), on a mart with
    the rows built since its last publish (macros/publish.sql), or on a raw source the rows of the newest load:
    on a table that holds the whole history, a full scan repeats what earlier builds already proved. dbt renders a
    test's config when it parses, so the placeholder is replaced here, when the test runs. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- set ns = namespace(on_source=false) -%}
        {%- for parent in model.depends_on.nodes if parent.startswith('source.') -%}
            {%- set ns.on_source = true -%}
        {%- endfor -%}
        {%- set stamp = '_dlt_load_id' if ns.on_source else '_built_at' -%}
        {%- set newest_slice = stamp ~ ' = (select max(' ~ stamp ~ ') from ' ~ relation ~ ')' -%}
        {%- set published = published_copy(relation) -%}
        {%- if published is not none -%}
            {#- On a mart, also every row built since it was last published: the rows of a build whose tests
                failed were never published, and are checked again until a build publishes them. -#}
            {%- set newest_slice = '(' ~ newest_slice ~ ' or _built_at > (select max(_built_at) from '
                ~ published ~ '))' -%}
        {%- endif -%}
        (select * from {{ relation }} where {{ where | replace('__new_slice__', newest_slice) }}) dbt_subquery
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of an incremental model of dlt child rows (tags, genres, ... of a root row): a newer load of a root
    row replaces its whole list, including with an empty one, which brings no child rows that could replace the
    old ones by key. So the rows of every key whose root staging row came with a newer load go first.

    parent  the root's staging model (incremental, with `_load_id`)
    keys    the columns both share that identify the root row (e.g. ['app_id', 'as_of_date']) -#}
{% macro delete_superseded_children(parent, keys) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where exists (
        select 1
        from {{ parent }} as parent
        where parent._load_id > (select coalesce(max(_load_id), '') from {{ this }})
            {%- for key in keys %}
            and parent.{{ key }} = {{ this }}.{{ key }}
            {%- endfor %}
    )
    {%- endif -%}
{%- endmacro %}

{#- dbt's own check, which fails in unit tests: they have no `{{ this }}`. A unit test is a full build. -#}
{% macro is_incremental() -%}
    {%- if this is none -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(dbt.is_incremental()) }}
{%- endmacro %}

{#- The filter of an incremental model on a ref'd incremental model: its rows that builds wrote since this
    model's last build (`_built_at`). For a model whose rows change when any of several inputs changes, where no
    input's load id tells which rows are new (a game's odds are rebuilt when the game's score arrives). -#}
{% macro built_since_last_build() -%}
    {%- if is_incremental() -%}
    where _built_at > (select coalesce(max(_built_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) from {{ this }})
    {%- endif -%}
{%- endmacro %}
