-- Fails with each title (media type, TMDb id) that has no current dim_title version, or more than one.
with versions as (
    select * from {{ ref('dim_title') }}
    where not is_unknown_member
)

select
    media_type,
    tmdb_id,
    sum(case when is_current then 1 else 0 end) as current_versions
from versions
group by media_type, tmdb_id
having sum(case when is_current then 1 else 0 end) <> 1
