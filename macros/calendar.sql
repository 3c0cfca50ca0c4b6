{#- The conformed calendar as a query, shared by the dim_date model and by the on-run-start guard below. -#}
{% macro dim_date_query() -%}
with spine as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('dim_date_start') ~ "' as date)",
        "cast('" ~ var('dim_date_end') ~ "' as date)"
    ) }}
),

calendar as (
    select
        {{ date_key('date_day') }} as date_key,
        cast(date_day as date) as calendar_date,
        cast(extract(year from date_day) as integer) as calendar_year,
        cast(extract(quarter from date_day) as integer) as calendar_quarter,
        cast(extract(month from date_day) as integer) as calendar_month,
        cast(extract(day from date_day) as integer) as day_of_month,
        cast(extract(dow from date_day) as integer) as day_of_week,
        cast(extract(doy from date_day) as integer) as day_of_year,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start_date,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        extract(dow from date_day) in (0, 6) as is_weekend,
        false as is_unknown_member
    from spine
),

unknown_member as (
    select
        -1 as date_key,
        cast(null as date) as calendar_date,
        cast(null as integer) as calendar_year,
        cast(null as integer) as calendar_quarter,
        cast(null as integer) as calendar_month,
        cast(null as integer) as day_of_month,
        cast(null as integer) as day_of_week,
        cast(null as integer) as day_of_year,
        cast(null as date) as week_start_date,
        cast(null as date) as month_start_date,
        cast(null as boolean) as is_weekend,
        true as is_unknown_member
)

select * from calendar
union all
select * from unknown_member
{%- endmacro %}

{#- `dbt build --select <vertical>` does not build models/shared, yet every fact's date_key is tested against
    shared.dim_date. On a warehouse where shared was never built, create it from the same query so a single
    vertical builds and tests on its own; building the dim_date model replaces it. -#}
{% macro ensure_conformed_dimensions() %}
    {#- When dim_date itself is selected, its model builds it (creating it here would clash with that build). -#}
    {%- if execute and 'model.starline.dim_date' not in selected_resources -%}
        {%- set dim_date = adapter.get_relation(
            database=target.database, schema=generate_schema_name('shared', none), identifier='dim_date'
        ) -%}
        {%- if dim_date is none -%}
            {%- set target_relation = api.Relation.create(
                database=target.database, schema=generate_schema_name('shared', none), identifier='dim_date', type='table'
            ) -%}
            {%- do adapter.create_schema(target_relation) -%}
            {%- call statement('ensure_dim_date') -%}
                {{ get_create_table_as_sql(false, target_relation, dim_date_query()) }}
            {%- endcall -%}
            {#- on-run-start statements are not committed on their own. -#}
            {%- do adapter.commit() -%}
            {{ log("Created " ~ target_relation.schema ~ ".dim_date (the shared calendar was not built yet)", info=true) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
