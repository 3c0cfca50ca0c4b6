-- SCD type 2: one row per version of a team, from the snap_team snapshot, plus the unknown member.
-- The natural key is (league, ESPN team id): ESPN reuses team ids across leagues.
{{ scd2_dimension(
    ref('snap_team'),
    version_key='team_key',
    natural_key=['league', 'team_id'],
    attributes=[
        'sport',
        surrogate_key(['league']) ~ ' as league_key',
        'case when venue_id is null then ' ~ unknown_key() ~ ' else ' ~ surrogate_key(['venue_id'])
            ~ ' end as home_venue_key',
        'team_slug', 'abbreviation', 'display_name', 'short_display_name', 'team_name', 'nickname', 'location',
        'color', 'alternate_color', 'logo_url', 'venue_id', 'venue_name', 'group_id',
    ],
    unknown_values={'league_key': unknown_key(), 'home_venue_key': unknown_key()},
) }}
