{#- The one surrogate-key macro: MD5 over an encoding of the natural-key columns that no two different key tuples
    share. Each part is its text form prefixed with its length (`5:x-y-z`), a NULL is the bare token `~`, and the
    parts are joined by `|`. Read from the left, the length says exactly where a value ends, and `~` cannot start a
    length, so ('x-y', 'z') and ('x', 'y-z') differ, and NULL differs from every text (the text '~' encodes as
    `1:~`). No case folding: 'Valve' and 'valve' are different natural keys. The unknown member's key '-1' is not
    an MD5, so no natural key can hash to it. -#}
{% macro surrogate_key(columns) -%}
    {%- if columns is string -%}
        {%- set columns = [columns] -%}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- set as_text = "cast(" ~ column ~ " as " ~ dbt.type_string() ~ ")" -%}
        {%- set length_prefixed = dbt.concat([
            "cast(" ~ dbt.length(as_text) ~ " as " ~ dbt.type_string() ~ ")", "':'", as_text
        ]) -%}
        {%- do parts.append("coalesce(" ~ length_prefixed ~ ", '~')") -%}
        {%- if not loop.last -%}
            {%- do parts.append("'|'") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- The key every dimension's unknown member carries; facts point to it instead of NULL. -#}
{% macro unknown_key() -%}
    '-1'
{%- endmacro %}
