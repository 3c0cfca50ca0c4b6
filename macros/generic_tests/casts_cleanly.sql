{#- Warns with one row per raw value that is present but that staging's lenient cast turns into NULL: the text
    stays in raw, the mart column is NULL, and the runner reports the count per raw field (run log, `starline
    status`) instead of the NULL passing for "no value". Put it on the raw source column that staging casts;
    `cast_to` names the cast staging applies: `integer` (text_to_integer) or `owners_range` (owners_bound). -#}
{% test casts_cleanly(model, column_name, cast_to) %}
{{ config(severity='warn') }}
{%- set casts = {
    'integer': text_to_integer(column_name),
    'owners_range': owners_bound(column_name, 1) ~ ' + ' ~ owners_bound(column_name, 2),
} -%}
{%- if cast_to not in casts -%}
    {{ exceptions.raise_compiler_error(
        'casts_cleanly on ' ~ column_name ~ ': cast_to ' ~ cast_to ~ ' is not known; use one of '
        ~ casts.keys() | join(', ')
    ) }}
{%- endif %}
select {{ column_name }} as raw_value
from {{ model }}
where nullif(trim(cast({{ column_name }} as {{ dbt.type_string() }})), '') is not null
    and ({{ casts[cast_to] }}) is null
{% endtest %}
