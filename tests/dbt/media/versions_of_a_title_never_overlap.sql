-- Fails with each pair of versions of one title whose validity ranges overlap (a fact would match both).
with versions as (
    select * from {{ ref('dim_title') }}
    where not is_unknown_member
)

select
    earlier.media_type,
    earlier.tmdb_id,
    earlier.valid_from as earlier_from,
    later.valid_from as later_from
from versions as earlier
inner join versions as later
    on earlier.media_type = later.media_type
    and earlier.tmdb_id = later.tmdb_id
    and earlier.valid_from < later.valid_from
    and earlier.valid_to > later.valid_from
