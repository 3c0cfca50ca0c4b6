-- What snap_team compares on each build: every team seen on the newest as-of date. The days before it that were
-- not snapshotted yet are already in the snapshot's history (int_betting__team_attributes' post-hook).
with attributes as (
    select * from {{ ref('int_betting__team_attributes') }}
),

newest_day as (
    select max(as_of_date) as as_of_date
    from attributes
)

select attributes.*
from attributes
inner join newest_day
    on attributes.as_of_date = newest_day.as_of_date
