-- Fails with each pair of versions of one coin whose validity ranges overlap (a fact would match both).
with versions as (
    select * from {{ ref('dim_coin') }}
    where not is_unknown_member
)

select
    earlier.coin_id,
    earlier.valid_from as earlier_from,
    later.valid_from as later_from
from versions as earlier
inner join versions as later
    on earlier.coin_id = later.coin_id
    and earlier.valid_from < later.valid_from
    and earlier.valid_to > later.valid_from
