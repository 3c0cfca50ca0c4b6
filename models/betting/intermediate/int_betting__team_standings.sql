{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['league', 'team_id', 'season_year', 'season_type', 'as_of_date'],
) }}

-- One row per team per season per as-of date with the standings stats mapped to columns by their ESPN name
-- (macro betting_standing_stat_map). Names a sport does not send stay NULL; nothing is computed from the
-- display text except the streak, which ESPN writes as 'W3' / 'L1'.
-- Incremental: the standings rows of loads not built yet, and their stats (which carry the same load id).
with standings as (
    select * from {{ ref('stg_espn__standings') }}
    {{ loaded_since_last_build() }}
),

stats as (
    select * from {{ ref('stg_espn__standing_stats') }}
    {{ loaded_since_last_build() }}
),

pivoted as (
    select
        standings.sport,
        standings.league,
        standings.team_id,
        standings.season_year,
        standings.season_type,
        standings.as_of_date,
        standings.group_id,
        standings.group_name,
        standings.group_abbreviation,
        {%- for stat in betting_standing_stat_map() %}
        max(
            case
                when lower(stats.stat_name) = '{{ stat.stat }}'
                {%- if stat.sports %} and standings.sport in ('{{ stat.sports | join("', '") }}'){% endif %}
                    then stats.{{ 'stat_value' if stat.attribute == 'value' else stat.attribute }}
            end
        ) as {{ stat.column }}_raw,
        {%- endfor %}
        standings._load_id,
        standings._loaded_at,
        standings._run_id,
        standings._source
    from standings
    left join stats
        on standings.league = stats.league
        and standings.team_id = stats.team_id
        and standings.season_year = stats.season_year
        and standings.season_type = stats.season_type
        and standings.as_of_date = stats.as_of_date
    group by
        standings.sport,
        standings.league,
        standings.team_id,
        standings.season_year,
        standings.season_type,
        standings.as_of_date,
        standings.group_id,
        standings.group_name,
        standings.group_abbreviation,
        standings._load_id,
        standings._loaded_at,
        standings._run_id,
        standings._source
),

typed as (
    select
        sport,
        league,
        team_id,
        season_year,
        season_type,
        as_of_date,
        group_id,
        group_name,
        group_abbreviation,
        {%- for stat in betting_standing_stat_map() %}
        {%- if stat.type == 'integer' %}
        cast({{ stat.column }}_raw as integer) as {{ stat.column }},
        {%- elif stat.type == 'double' %}
        cast({{ stat.column }}_raw as double precision) as {{ stat.column }},
        {%- else %}
        {{ stat.column }}_raw as {{ stat.column }},
        {%- endif %}
        {%- endfor %}
        _load_id,
        _loaded_at,
        _run_id,
        _source,
        {{ build_stamp() }} as _built_at
    from pivoted
),

derived as (
    select
        *,
        points_for - points_against as point_differential,
        {{ text_to_integer("ltrim(upper(streak_display), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')") }} as streak_length
    from typed
),

streaks as (
    select
        *,
        case when streak_length is not null then rtrim(upper(streak_display), '0123456789') end as streak_type
    from derived
)

select * from streaks
