{#- Text that should hold an integer ('1999', '', '17', null) -> integer or NULL, never 0 for missing. -#}
{% macro text_to_integer(column) -%}
    {{ return(adapter.dispatch('text_to_integer', 'starline')(column)) }}
{%- endmacro %}

{% macro default__text_to_integer(column) -%}
    {{ dbt.safe_cast("nullif(trim(cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")), '')", dbt.type_bigint()) }}
{%- endmacro %}

{#- dbt's safe_cast is a plain cast on DuckDB; try_cast turns 'N/A' into NULL instead of failing the build. -#}
{% macro duckdb__text_to_integer(column) -%}
    try_cast(nullif(trim(cast({{ column }} as varchar)), '') as bigint)
{%- endmacro %}

{#- SteamSpy owners come as a range of formatted numbers: '20,000,000 .. 50,000,000'. `bound` is 1 (lower)
    or 2 (upper). Anything else ('', null, 'N/A') gives NULL. -#}
{% macro owners_bound(column, bound) -%}
    {{ text_to_integer("replace(" ~ dbt.split_part(column, "'..'", bound) ~ ", ',', '')") }}
{%- endmacro %}

{#- Pick the latest load per business key from a CTE: a same-day re-run supersedes the earlier load. -#}
{% macro latest_load_rank(partition_by) -%}
    row_number() over (partition by {{ partition_by | join(', ') }} order by _dlt_load_id desc)
{%- endmacro %}

{#- The audit columns every staging model carries, derived from dlt's load id. -#}
{% macro audit_columns(source_name, load_id='_dlt_load_id', run_id='_run_id') -%}
    {{ load_id }} as _load_id,
    {{ dlt_load_timestamp(load_id) }} as _loaded_at,
    {{ run_id }} as _run_id,
    '{{ source_name }}' as _source
{%- endmacro %}

{#- Steam's release dates read like '5 Dec, 2019' (sometimes 'Dec 5, 2019', 'Q2 2025', 'Coming soon'). -#}
{% macro parse_steam_date(column) -%}
    {{ return(adapter.dispatch('parse_steam_date', 'starline')(column)) }}
{%- endmacro %}

{% macro default__parse_steam_date(column) -%}
    {{ exceptions.raise_compiler_error(
        "parse_steam_date has no implementation for " ~ adapter.type() ~ "; add " ~ adapter.type()
        ~ "__parse_steam_date (a lenient date parse returning NULL on failure)."
    ) }}
{%- endmacro %}

{% macro duckdb__parse_steam_date(column) -%}
    cast(coalesce(
        try_strptime({{ column }}, '%d %b, %Y'),
        try_strptime({{ column }}, '%b %d, %Y'),
        try_strptime({{ column }}, '%d %B, %Y'),
        try_strptime({{ column }}, '%B %d, %Y')
    ) as date)
{%- endmacro %}

{#- The filter of every incremental fact: in an incremental build, only rows from loads newer than any the table
    already holds (load ids grow with time), so a re-run of an as-of date is picked up and replaces its rows. -#}
{% macro loaded_since_last_build() -%}
    {%- if is_incremental() -%}
    where _load_id > (select coalesce(max(_load_id), '') from {{ this }})
    {%- endif -%}
{%- endmacro %}
