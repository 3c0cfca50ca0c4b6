-- Type 1: one row per SteamSpy user tag, plus the unknown member.
{{ type1_dimension(ref('stg_steamspy__app_tags'), 'tag_key', 'tag_name') }}
