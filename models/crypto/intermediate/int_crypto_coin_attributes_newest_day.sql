-- What snap_coin compares on each build: every coin seen on the newest as-of date. The days before it that were
-- not snapshotted yet are already in the snapshot's history (int_crypto_coin_attributes' post-hook).
with attributes as (
    select * from {{ ref('int_crypto_coin_attributes') }}
),

newest_day as (
    select max(as_of_date) as as_of_date
    from attributes
)

select attributes.*
from attributes
inner join newest_day
    on attributes.as_of_date = newest_day.as_of_date
