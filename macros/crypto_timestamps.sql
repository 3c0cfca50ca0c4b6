{#- CoinGecko time values: market_chart points are epoch milliseconds, /global's updated_at epoch seconds, and
    ISO strings ('2024-03-14T07:10:36.635Z') arrive as dlt timestamps with time zone. All come out as naive UTC
    timestamps, like every other timestamp in the marts. dbt.dateadd would do for other adapters but overflows on
    DuckDB (an interval times 1.7e12 milliseconds), hence dispatched macros. -#}
{% macro crypto_epoch_ms_to_timestamp(column) -%}
    {{ return(adapter.dispatch('crypto_epoch_ms_to_timestamp', 'starline')(column)) }}
{%- endmacro %}

{% macro default__crypto_epoch_ms_to_timestamp(column) -%}
    {{ exceptions.raise_compiler_error(
        "crypto_epoch_ms_to_timestamp has no implementation for " ~ adapter.type() ~ "; add "
        ~ adapter.type() ~ "__crypto_epoch_ms_to_timestamp (epoch milliseconds to a UTC timestamp)."
    ) }}
{%- endmacro %}

{% macro duckdb__crypto_epoch_ms_to_timestamp(column) -%}
    epoch_ms(cast({{ column }} as bigint))
{%- endmacro %}

{% macro crypto_epoch_seconds_to_timestamp(column) -%}
    {{ crypto_epoch_ms_to_timestamp('cast(' ~ column ~ ' as bigint) * 1000') }}
{%- endmacro %}

{% macro crypto_utc_timestamp(column) -%}
    {{ return(adapter.dispatch('crypto_utc_timestamp', 'starline')(column)) }}
{%- endmacro %}

{% macro default__crypto_utc_timestamp(column) -%}
    {{ exceptions.raise_compiler_error(
        "crypto_utc_timestamp has no implementation for " ~ adapter.type() ~ "; add "
        ~ adapter.type() ~ "__crypto_utc_timestamp (a timestamp with time zone to a naive UTC timestamp)."
    ) }}
{%- endmacro %}

{#- A plain cast would convert to the session's time zone, which is the machine's. -#}
{% macro duckdb__crypto_utc_timestamp(column) -%}
    cast(timezone('UTC', {{ column }}) as timestamp)
{%- endmacro %}
