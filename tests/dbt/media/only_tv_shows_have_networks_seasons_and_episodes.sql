-- Fails with each movie that has a network, season or episode count, and each show with a budget or revenue: the
-- fields belong to one media type, and a mix-up would mean movie and TV ids were merged somewhere.
select
    'fact' as found_in,
    media_type,
    tmdb_id
from {{ ref('fct_title_daily_metrics') }}
-- Per-row check: the fact rows the newest build wrote (earlier builds checked theirs).
where _built_at = (select max(_built_at) from {{ ref('fct_title_daily_metrics') }})
    and ((media_type = 'movie' and (number_of_seasons is not null or number_of_episodes is not null))
        or (media_type = 'tv' and (budget_usd is not null or revenue_usd is not null)))

union all

select
    'bridge_title_network' as found_in,
    media_type,
    tmdb_id
from {{ ref('bridge_title_network') }}
where media_type <> 'tv'
