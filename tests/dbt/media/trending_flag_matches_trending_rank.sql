-- Fails with each daily row whose trending flag disagrees with its trending rank, or whose rank is not positive.
select
    media_type,
    tmdb_id,
    as_of_date,
    trending_rank,
    is_trending
from {{ ref('fct_title_daily_metrics') }}
-- Per-row check: the rows the newest build wrote (earlier builds checked theirs).
where _built_at = (select max(_built_at) from {{ ref('fct_title_daily_metrics') }})
    and (is_trending <> (trending_rank is not null) or trending_rank < 1)
