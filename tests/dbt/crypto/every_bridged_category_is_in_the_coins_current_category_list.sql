-- Fails with each bridge row whose category is missing from the categories list of the coin's current
-- dim_coin version: the bridge and the SCD2 list are built from the same details and must agree.
with bridge as (
    select * from {{ ref('bridge_coin_category') }}
),

current_coins as (
    select * from {{ ref('dim_coin') }}
    where is_current and not is_unknown_member
)

select
    bridge.coin_id,
    bridge.category_name,
    current_coins.categories
from bridge
left join current_coins
    on bridge.coin_id = current_coins.coin_id
where current_coins.categories is null
    or {{ dbt.position('bridge.category_name', 'current_coins.categories') }} = 0
