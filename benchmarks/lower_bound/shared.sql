-- The conformed calendar (dbt's date spine: the end date is excluded), plus the unknown member.
create table shared.dim_date as
with spine as (
    select cast(range as date) as calendar_date
    from range(date '1990-01-01', date '2040-12-31', interval 1 day)
)

select
    date_key(calendar_date) as date_key,
    calendar_date,
    cast(extract(year from calendar_date) as integer) as calendar_year,
    cast(extract(month from calendar_date) as integer) as calendar_month,
    cast(extract(day from calendar_date) as integer) as day_of_month,
    cast(extract(dow from calendar_date) as integer) as day_of_week,
    extract(dow from calendar_date) in (0, 6) as is_weekend,
    false as is_unknown_member
from spine
union all
select -1, null, null, null, null, null, null, true;
