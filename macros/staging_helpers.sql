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

{#- Text that should hold a number ('-5.5', '', 'N/A', null) -> double or NULL, never 0 for missing. -#}
{% macro text_to_double(column) -%}
    {{ return(adapter.dispatch('text_to_double', 'starline')(column)) }}
{%- endmacro %}

{% macro default__text_to_double(column) -%}
    {{ dbt.safe_cast("nullif(trim(cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")), '')", 'double precision') }}
{%- endmacro %}

{% macro duckdb__text_to_double(column) -%}
    try_cast(nullif(trim(cast({{ column }} as varchar)), '') as double)
{%- endmacro %}

{#- A formatted amount ('$1,234,567', '0.00021', 2.5, '', null) -> double or NULL: the currency sign and the
    thousands commas go, anything else unreadable is NULL. -#}
{% macro amount_text_to_double(column) -%}
    {{ text_to_double("replace(replace(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '$', ''), ',', '')") }}
{%- endmacro %}

{#- SteamSpy owners come as a range of formatted numbers: '20,000,000 .. 50,000,000'. `bound` is 1 (lower)
    or 2 (upper). Anything else ('', null, 'N/A') gives NULL. -#}
{% macro owners_bound(column, bound) -%}
    {{ text_to_integer("replace(" ~ dbt.split_part(column, "'..'", bound) ~ ", ',', '')") }}
{%- endmacro %}

{#- SteamSpy's four playtime fields as minutes. `request=all` sends 0 in all four for every app (it no longer
    fills them) and appdetails sends 0 in all four for apps it has no sample of: both are NULL, never 0 minutes.
    A filled block keeps its zeros (no one played in the last two weeks). -#}
{% macro steamspy_playtime_minutes() -%}
    {%- set fields = {
        'average_forever': 'average_playtime_forever_minutes',
        'average_2weeks': 'average_playtime_2weeks_minutes',
        'median_forever': 'median_playtime_forever_minutes',
        'median_2weeks': 'median_playtime_2weeks_minutes',
    } -%}
    {%- for field, name in fields.items() %}
    {{ null_when_all_zero('cast(' ~ field ~ ' as integer)', fields.keys()) }} as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- Pick the latest load per business key from a CTE: a same-day re-run supersedes the earlier load. -#}
{% macro latest_load_rank(partition_by) -%}
    row_number() over (partition by {{ partition_by | join(', ') }} order by _dlt_load_id desc)
{%- endmacro %}

{#- The audit columns every staging model carries, derived from dlt's load id, and the build that wrote the row. -#}
{% macro audit_columns(source_name, load_id='_dlt_load_id', run_id='_run_id') -%}
    {{ load_id }} as _load_id,
    {{ dlt_load_timestamp(load_id) }} as _loaded_at,
    {{ run_id }} as _run_id,
    '{{ source_name }}' as _source,
    {{ build_stamp() }} as _built_at
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

{#- `column` when the API filled the block of fields it belongs to (any of `block` non-zero); NULL when every one
    is 0 or missing. Some APIs send a block of zeros where they have no data at all (SteamSpy's playtime,
    CoinGecko's reddit and repository figures): a block of zeros is that placeholder, while a zero beside
    non-zero neighbours is measured and kept. -#}
{% macro null_when_all_zero(column, block) -%}
    case when {% for field in block %}{{ 'or ' if not loop.first }}coalesce({{ field }}, 0) <> 0 {% endfor -%}
    then {{ column }} end
{%- endmacro %}
