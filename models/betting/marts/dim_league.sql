-- Type 1: one row per league (ESPN league slug), newest names win, plus the unknown member.
with teams as (
    select * from {{ ref('stg_espn__teams') }}
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

members as (
    select
        {{ surrogate_key(['league']) }} as league_key,
        league,
        sport,
        league_id,
        league_name,
        league_abbreviation,
        league_short_name,
        {{ betting_league_country('league') }} as country,
        first_seen_date,
        last_seen_date,
        false as is_unknown_member,
        _load_id,
        _loaded_at,
        _run_id,
        _source
    from ranked
    where recency_rank = 1
),

unknown_member as (
    {{ type1_unknown_member(
        'league_key',
        [
            'league', 'sport', 'league_id', 'league_name', 'league_abbreviation', 'league_short_name',
            'country',
        ],
    ) }}
)

select * from members
union all
select * from unknown_member
