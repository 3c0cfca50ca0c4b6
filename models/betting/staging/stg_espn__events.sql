{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['league', 'event_id']) }}

-- One row per game: the newest load of each event wins, whatever its as-of date, so a game fetched as scheduled
-- and later as final is updated in place. Competition fields (ESPN sends one competition per event) are joined
-- from the same load.
with events as (
    select * from {{ source('raw_betting', 'scoreboard') }}
    {{ new_loads() }}
),

competitions as (
    select * from {{ source('raw_betting', 'scoreboard__competitions') }}
    {{ new_loads() }}
),

latest_load as (
    select
        *,
        -- A backfill can list a rescheduled event under two dates in one load: the later date is its new one.
        row_number() over (
            partition by league_slug, id
            order by _dlt_load_id desc, scoreboard_date desc
        ) as load_rank
    from events
),

renamed as (
    select
        latest_load._dlt_id as _raw_event_row_id,
        competitions._dlt_id as _raw_competition_row_id,
        cast(latest_load.sport_slug as {{ dbt.type_string() }}) as sport,
        cast(latest_load.league_slug as {{ dbt.type_string() }}) as league,
        cast(latest_load.id as {{ dbt.type_string() }}) as event_id,
        -- ESPN's schedule date (US Eastern), not the UTC date of the start: a late game in the west starts the
        -- next day in UTC but belongs to the evening it is played.
        cast(latest_load.scoreboard_date as date) as game_date,
        {{ betting_espn_timestamp('coalesce(competitions.date, latest_load.date)') }} as start_time_utc,
        nullif(trim(latest_load.name), '') as event_name,
        nullif(trim(latest_load.short_name), '') as event_short_name,
        cast(latest_load.season__year as integer) as season_year,
        cast(latest_load.season__type as integer) as season_type,
        nullif(trim(latest_load.season__slug), '') as season_slug,
        cast(latest_load.week__number as integer) as week_number,
        coalesce(competitions.status__type__name, latest_load.status__type__name) as status_name,
        coalesce(competitions.status__type__state, latest_load.status__type__state) as status_state,
        coalesce(competitions.status__type__completed, latest_load.status__type__completed) as is_completed,
        coalesce(competitions.status__type__detail, latest_load.status__type__detail) as status_detail,
        cast(coalesce(competitions.status__period, latest_load.status__period) as integer) as status_period,
        cast(competitions.format__regulation__periods as integer) as regulation_periods_as_sent,
        -- ESPN sends attendance 0 before a game and when no crowd was reported: not a crowd of zero.
        cast(nullif(competitions.attendance, 0) as integer) as attendance,
        competitions.neutral_site as is_neutral_site,
        competitions.conference_competition as is_conference_game,
        nullif(trim(competitions.venue__id), '') as venue_id,
        nullif(trim(competitions.venue__full_name), '') as venue_name,
        nullif(trim(competitions.venue__address__city), '') as venue_city,
        nullif(trim(competitions.venue__address__state), '') as venue_state,
        nullif(trim(competitions.venue__address__country), '') as venue_country,
        cast(competitions.venue__capacity as integer) as venue_capacity,
        competitions.venue__indoor as venue_is_indoor,
        cast(latest_load.as_of_date as date) as as_of_date,
        latest_load._dlt_load_id as _load_id,
        {{ dlt_load_timestamp('latest_load._dlt_load_id') }} as _loaded_at,
        latest_load._run_id,
        'espn_site' as _source,
        {{ build_stamp() }} as _built_at
    from latest_load
    inner join competitions
        on competitions._dlt_parent_id = latest_load._dlt_id
        and competitions._dlt_list_idx = 0
    where latest_load.load_rank = 1
),

classified as (
    select
        *,
        case
            when status_name = 'STATUS_POSTPONED' then 'postponed'
            when status_name in ('STATUS_CANCELED', 'STATUS_CANCELLED') then 'canceled'
            when status_name = 'STATUS_SUSPENDED' then 'suspended'
            when is_completed then 'final'
            when status_state = 'in' then 'in_progress'
            when status_state = 'pre' then 'scheduled'
            else 'other'
        end as game_status
    from renamed
)

select * from classified
