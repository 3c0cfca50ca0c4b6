-- One row per game and SteamSpy tag as listed by the game's newest SteamSpy appdetails, weighted by the tag's votes.
with memberships as (
    {{ current_membership_bridge(
        ref('int_game_tag_memberships'), ref('int_game_attributes_latest'), 'app_id', 'tag_name', 'tag_key',
        measures=['votes'], listed_on='steamspy_details_as_of'
    ) }}
),

weighted as (
    select
        app_id,
        tag_key,
        tag_name,
        votes as tag_votes,
        -- Kimball weighting factor: a game's tag weights add up to 1, so facts can be allocated across tags.
        -- 1.0 * keeps double precision: dbt's type_float() is a 4-byte float on DuckDB and the sums drift.
        1.0 * votes / nullif(sum(votes) over (partition by app_id), 0) as tag_weight,
        first_seen_date,
        last_seen_date,
        _load_id,
        _loaded_at,
        _run_id,
        _source,
        _built_at
    from memberships
)

select * from weighted
