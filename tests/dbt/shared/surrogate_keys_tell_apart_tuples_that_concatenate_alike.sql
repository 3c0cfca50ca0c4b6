-- Rows are key tuples that a plain "join with a separator, NULL as a token" encoding maps to the same text; every
-- returned row is a surrogate key shared by two different tuples, or a key that does not encode as documented.
with tuples as (
    select * from (
        values
            ('x-y', 'z'),
            ('x', 'y-z'),
            ('x|y', 'z'),
            ('x', 'y|z'),
            (null, 'a'),
            ('~', 'a'),
            ('_starline_null_', 'a'),
            ('null', 'a'),
            ('', 'a'),
            ('1:a', null),
            ('a', '1:a'),
            ('', '')
    ) as cases (first_part, second_part)
),

keyed as (
    select
        first_part,
        second_part,
        {{ surrogate_key(['first_part', 'second_part']) }} as tuple_key
    from tuples
),

collisions as (
    select tuple_key
    from keyed
    group by tuple_key
    having count(*) > 1
),

-- The encoding spelled out by hand for two tuples, so the macro's comment stays true.
misencoded as (
    select tuple_key
    from keyed
    where
        (first_part = 'x-y' and second_part = 'z' and tuple_key != md5('3:x-y|1:z'))
        or (first_part is null and second_part = 'a' and tuple_key != md5('~|1:a'))
)

select tuple_key from collisions
union all
select tuple_key from misencoded
