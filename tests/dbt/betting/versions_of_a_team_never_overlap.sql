-- Fails with each pair of versions of one team whose validity ranges overlap (a game would match both).
with versions as (
    select * from {{ ref('dim_team') }}
    where not is_unknown_member
)

select
    earlier.league,
    earlier.team_id,
    earlier.valid_from as earlier_from,
    later.valid_from as later_from
from versions as earlier
inner join versions as later
    on earlier.league = later.league
    and earlier.team_id = later.team_id
    and earlier.valid_from < later.valid_from
    and earlier.valid_to > later.valid_from
