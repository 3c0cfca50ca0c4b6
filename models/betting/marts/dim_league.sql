{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='league') }}

-- Type 1: one row per league (ESPN league slug), newest names win, plus the unknown member. Incremental: the
-- leagues of the team lists of loads not built yet are merged into the ones held (first and last sightings
-- widen); the unknown member is written by full builds.
with teams as (
    select * from {{ ref('stg_espn__teams') }}
    {{ loaded_since_last_build() }}
),

leagues_by_day as (
    select distinct
        sport,
        league,
        league_id,
        league_name,
        league_abbreviation,
        league_short_name,
        as_of_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from teams
),

ranked as (
    select
        *,
        min(as_of_date) over (partition by league) as first_seen_date,
        max(as_of_date) over (partition by league) as last_seen_date,
        row_number() over (partition by league order by as_of_date desc, _load_id desc) as recency_rank
    from leagues_by_day
),

{%- if is_incremental() %}

held as (
    select
        league,
        first_seen_date,
        last_seen_date
    from {{ this }}
    where league in (select league from ranked)
),
{%- endif %}

members as (
    select
        {{ surrogate_key(['ranked.league']) }} as league_key,
        ranked.league,
        ranked.sport,
        ranked.league_id,
        ranked.league_name,
        ranked.league_abbreviation,
        ranked.league_short_name,
        {{ betting_league_country('ranked.league') }} as country,
        {{ widened_sightings('ranked') }},
        false as is_unknown_member,
        ranked._load_id,
        ranked._loaded_at,
        ranked._run_id,
        ranked._source,
        {{ build_stamp() }} as _built_at
    from ranked
    {%- if is_incremental() %}
    left join held
        on ranked.league = held.league
    {%- endif %}
    where ranked.recency_rank = 1
)

select * from members
{%- if not is_incremental() %}
union all
{{ type1_unknown_member(
    'league_key',
    ['league', 'sport', 'league_id', 'league_name', 'league_abbreviation', 'league_short_name', 'country'],
) }}
{%- endif %}
