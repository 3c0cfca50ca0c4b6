"""The `betting` dlt source: ESPN teams, scoreboards (results and betting lines) and standings into `raw_betting`.

Resources (all append-only; every root row carries the run's `as_of_date` and `_run_id`, and the ESPN sport and
league slugs it was requested for):

- `teams`: `site/v2/sports/{sport}/{league}/teams` per league, one row per team;
- `team_details`: `.../teams/{id}` per listed team (record, conference, franchise.venue = the home venue);
- `scoreboard`: `.../scoreboard?dates=YYYYMMDD` per league and date, one row per event with its competition,
  competitors (scores, winner, line scores), venue, status, season and odds as ESPN sends them;
- `standings`: `apis/v2/sports/{sport}/{league}/standings`, one row per team entry (stats: ESPN's name/value list);
- `seasons`: the `seasons` list of the same standings answers (season types and their dates).

Dates: by default the `days_back` days before the as-of date and the as-of date itself; `start_date`/`end_date`
read any range instead (a backfill: `--param betting.start_date=2024-09-05 --param betting.end_date=2025-01-05`).
The raw layer keeps every answer; staging keeps the newest load of each event, so a game fetched as scheduled and
later as final updates in place.

Resuming: the source remembers in dlt's resource state, per league, the dates before the as-of date whose games
were all settled (final, postponed or cancelled) when fetched, and never fetches those again. A re-run of a
backfill therefore only reads the dates still open, and a daily run skips the settled days of its window. The
state is saved with each successful load: a run that fails part-way saves nothing and the next one retries its
dates. Dates are fetched one per request, so that each settled date can be remembered and no answer runs into
ESPN's cap on the events one response carries (`limit`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import dlt
from dlt.sources import DltResource

from ingestion.http import ApiClient
from ingestion.plan import BULK, DETAIL, ResourceCalls
from ingestion.sources.betting import helpers
from ingestion.sources.betting.helpers import League
from ingestion.sources.betting.settings import APIS, DEFAULT_DAYS_BACK, DEFAULT_LEAGUES, PARAMS, VERTICAL
from ingestion.sources.payloads import Quarantined, one_record_per_answer
from ingestion.verticals import VerticalSpec

log = logging.getLogger("starline.betting")


def _text(*names: str) -> dict[str, Any]:
    return {name: {"name": name, "data_type": "text"} for name in names}


def _typed(data_type: str, *names: str) -> dict[str, Any]:
    return {name: {"name": name, "data_type": data_type} for name in names}


# Column hints are the raw contract the staging models rely on: they fix one type per field where ESPN mixes them
# (whole totals and clocks arrive as 44 or 44.5, 0 or 0.0), and they create optional columns even when no row of
# a load has the key (a day without odds, a league without ties).
STAMP_HINTS: dict[str, Any] = {
    "as_of_date": {"name": "as_of_date", "data_type": "date", "nullable": False},
    **_text("sport_slug", "league_slug", "_run_id"),
}
TEAM_FIELDS = ("id", "uid", "slug", "abbreviation", "display_name", "short_display_name", "name", "nickname")
TEAM_HINTS: dict[str, Any] = {
    **STAMP_HINTS,
    **_text(*TEAM_FIELDS, "location", "color", "alternate_color"),
    **_typed("bool", "is_active", "is_all_star"),
    **_text("league__id", "league__uid", "league__name", "league__abbreviation", "league__short_name", "league__slug"),
}
LOGO_HINTS: dict[str, Any] = {**_text("href", "alt"), **_typed("bigint", "width", "height")}
VENUE = "franchise__venue"
TEAM_DETAIL_HINTS: dict[str, Any] = {
    **STAMP_HINTS,
    **_text(*TEAM_FIELDS, "location", "color", "alternate_color", "standing_summary"),
    **_typed("bool", "is_active"),
    **_text("groups__id", "groups__parent__id"),
    **_typed("bool", "groups__is_conference"),
    **_text(f"{VENUE}__id", f"{VENUE}__full_name", f"{VENUE}__short_name"),
    **_text(f"{VENUE}__address__city", f"{VENUE}__address__state", f"{VENUE}__address__zip_code"),
    **_typed("bool", f"{VENUE}__grass", f"{VENUE}__indoor"),
}
STATUS_HINTS: dict[str, Any] = {
    **_typed("double", "status__clock"),
    **_typed("bigint", "status__period"),
    **_text("status__display_clock", "status__type__id", "status__type__name", "status__type__state"),
    **_text("status__type__description", "status__type__detail", "status__type__short_detail"),
    **_typed("bool", "status__type__completed"),
}
SCOREBOARD_HINTS: dict[str, Any] = {
    **STAMP_HINTS,
    "scoreboard_date": {"name": "scoreboard_date", "data_type": "date", "nullable": False},
    **_text("id", "uid", "date", "name", "short_name", "season__slug"),
    **_typed("bigint", "season__year", "season__type", "week__number"),
    **STATUS_HINTS,
}
COMPETITION_HINTS: dict[str, Any] = {
    **_text("id", "uid", "date", "start_date"),
    **_typed("bigint", "attendance", "format__regulation__periods", "venue__capacity"),
    **_typed("bool", "neutral_site", "conference_competition"),
    **_text("venue__id", "venue__full_name", "venue__address__city", "venue__address__state"),
    **_text("venue__address__country"),
    **_typed("bool", "venue__indoor"),
    **STATUS_HINTS,
}
COMPETITOR_HINTS: dict[str, Any] = {
    # Scores are strings ("24"); staging casts them, so an odd value cannot fail the load.
    **_text("id", "uid", "type", "home_away", "score"),
    **_typed("bigint", "order"),
    **_typed("bool", "winner"),
    **_text("team__id", "team__abbreviation", "team__display_name"),
}
LINESCORE_HINTS: dict[str, Any] = {**_typed("double", "value"), **_typed("bigint", "period"), **_text("display_value")}
ODDS_SIDE_HINTS = (("favorite", "bool"), ("underdog", "bool"), ("money_line", "double"), ("spread_odds", "double"))
ODDS_STAGES = ("open", "current", "close")
ODDS_HINTS: dict[str, Any] = {
    **_text("provider__id", "provider__name", "details"),
    **_typed("bigint", "provider__priority"),
    **_typed("double", "over_under", "spread", "over_odds", "under_odds"),
    **{
        f"{side}__{field}": {"name": f"{side}__{field}", "data_type": kind}
        for side in ("away_team_odds", "home_team_odds")
        for field, kind in ODDS_SIDE_HINTS
    },
    # Today's odds blocks carry prices as text ("-135", "+115", "EVEN") under open / current / close, below the
    # depth dlt flattens at (an odds row is two lists down): each side's blocks land as one JSON column, which
    # staging reads (macro betting_block_prices). Per market: moneyline.<home|away>, pointSpread.<home|away>,
    # total.<over|under>; per team (as on a team's next event): <home|away>TeamOdds.<open|current|close>.
    **_typed("json", *(f"{market}__{side}" for market in ("moneyline", "point_spread") for side in ("home", "away"))),
    **_typed("json", "total__over", "total__under"),
    **_typed("json", *(f"{side}_team_odds__{stage}" for side in ("home", "away") for stage in ODDS_STAGES)),
}
SCOREBOARD_NESTED_HINTS: dict[Any, Any] = {
    "competitions": {"columns": COMPETITION_HINTS},
    ("competitions", "competitors"): {"columns": COMPETITOR_HINTS},
    ("competitions", "competitors", "linescores"): {"columns": LINESCORE_HINTS},
    ("competitions", "odds"): {"columns": ODDS_HINTS},
}
STANDINGS_HINTS: dict[str, Any] = {
    **STAMP_HINTS,
    **_typed("bigint", "season", "season_type"),
    **_text("season_display_name", "group__id", "group__uid", "group__name", "group__abbreviation"),
    **_typed("bool", "group__is_conference"),
    **_text("team__id", "team__abbreviation", "team__display_name"),
}
STAT_HINTS: dict[str, Any] = {
    # Record stats ("overall", "Home") carry a summary and no value; numeric ones a value (float, or int for soccer).
    **_text("id", "name", "display_name", "short_display_name", "description", "abbreviation", "type"),
    **_text("display_value", "summary"),
    **_typed("double", "value"),
}
SEASON_HINTS: dict[str, Any] = {
    **STAMP_HINTS,
    **_typed("bigint", "year"),
    **_text("start_date", "end_date", "display_name"),
}
SEASON_TYPE_HINTS: dict[str, Any] = {
    **_text("id", "name", "abbreviation", "start_date", "end_date"),
    **_typed("bool", "has_standings"),
}


class LeagueAnswers:
    """Answers fetched once per run and shared by two resources each: a league's team list (teams and the
    team-details walk) and its standings (standings and seasons)."""

    def __init__(self, site: ApiClient, standings: ApiClient) -> None:
        self._site = site
        self._standings = standings
        self._teams: dict[League, list[dict[str, Any] | Quarantined]] = {}
        self._standings_bodies: dict[League, Any] = {}

    def teams(self, league: League) -> list[dict[str, Any] | Quarantined]:
        if league not in self._teams:
            body = self._site.get_json(f"{league.path}/teams", endpoint="teams", resource="teams")
            self._teams[league] = helpers.team_rows(body, league)
        return self._teams[league]

    def standings(self, league: League) -> Any:
        if league not in self._standings_bodies:
            self._standings_bodies[league] = self._standings.get_json(
                f"{league.path}/standings", endpoint="standings", resource="standings"
            )
        return self._standings_bodies[league]


@dlt.source(name="betting", max_table_nesting=3)
def betting_source(
    clients: Mapping[str, ApiClient],
    as_of_date: str,
    run_id: str,
    leagues: Sequence[str] | str = tuple(DEFAULT_LEAGUES),
    days_back: int = DEFAULT_DAYS_BACK,
    start_date: str | int = "",
    end_date: str | int = "",
) -> Sequence[DltResource]:
    """ESPN for one as-of date; `clients` maps each API name in `settings.APIS` to its client."""
    site, standings_api = clients["espn_site"], clients["espn_standings"]
    chosen = helpers.parse_leagues(leagues)
    dates = helpers.scoreboard_dates(as_of_date, int(days_back), start_date, end_date)
    as_of = helpers.parse_date(as_of_date, "as_of_date")
    answers = LeagueAnswers(site, standings_api)

    def stamped(row: dict[str, Any] | Quarantined) -> Any:
        return row if isinstance(row, Quarantined) else {**row, "as_of_date": as_of_date, "_run_id": run_id}

    @dlt.resource(
        name="teams", write_disposition="append", columns=TEAM_HINTS, nested_hints={"logos": {"columns": LOGO_HINTS}}
    )
    def teams() -> Iterator[list[Any]]:
        for league in chosen:
            yield [stamped(row) for row in answers.teams(league)]

    @dlt.resource(name="team_refs", selected=False)
    def team_refs() -> Iterator[tuple[League, str]]:
        for league in chosen:
            yield from ((league, str(row["id"])) for row in answers.teams(league) if not isinstance(row, Quarantined))

    @dlt.transformer(data_from=team_refs, name="team_details", write_disposition="append", columns=TEAM_DETAIL_HINTS)
    @one_record_per_answer(key_of=lambda ref: ref[1])
    def team_details(ref: tuple[League, str]) -> Iterator[Any]:
        league, team_id = ref
        body = site.get_json(f"{league.path}/teams/{team_id}", endpoint="team", resource="team_details")
        yield stamped(helpers.team_detail_row(body, league, team_id))

    @dlt.resource(
        name="scoreboard", write_disposition="append", columns=SCOREBOARD_HINTS, nested_hints=SCOREBOARD_NESTED_HINTS
    )
    def scoreboard() -> Iterator[list[Any]]:
        settled: dict[str, list[str]] = dlt.current.resource_state().setdefault("settled_dates", {})
        for league in chosen:
            done = set(settled.get(league.path, []))
            pending = [day for day in dates if day.isoformat() not in done]
            if len(pending) < len(dates):
                log.info("%s scoreboard: %d settled date(s) skipped", league.path, len(dates) - len(pending))
            for day in pending:
                body = site.get_json(
                    f"{league.path}/scoreboard",
                    {"dates": f"{day:%Y%m%d}"},
                    endpoint="scoreboard",
                    resource="scoreboard",
                )
                events = helpers.scoreboard_events(body, league, day)
                yield [stamped(event) for event in events]
                # The as-of date itself is still being played; an empty past date had no games and never will.
                # A date with a quarantined event is read again until the event parses.
                if day < as_of and all(
                    not isinstance(event, Quarantined) and helpers.is_settled(event) for event in events
                ):
                    done.add(day.isoformat())
                    settled[league.path] = sorted(done)

    @dlt.resource(
        name="standings",
        write_disposition="append",
        columns=STANDINGS_HINTS,
        nested_hints={"stats": {"columns": STAT_HINTS}},
    )
    def standings() -> Iterator[list[Any]]:
        for league in chosen:
            yield [stamped(row) for row in helpers.standings_rows(answers.standings(league), league)]

    @dlt.resource(
        name="seasons",
        write_disposition="append",
        columns=SEASON_HINTS,
        nested_hints={"types": {"columns": SEASON_TYPE_HINTS}},
    )
    def seasons() -> Iterator[list[dict[str, Any]]]:
        for league in chosen:
            yield [stamped(row) for row in helpers.season_rows(answers.standings(league), league)]

    return teams, team_details, scoreboard, standings, seasons


SPEC = VerticalSpec(
    name=VERTICAL,
    description="ESPN NFL/NBA/MLB/NHL: teams, venues, seasons, game results, betting lines, daily standings",
    apis=APIS,
    make_source=betting_source,
    params=PARAMS,
    check_params=helpers.check_window,
    # Teams of the selected leagues; ESPN's team ids are unique within a league only.
    entity_keys={
        "teams": ("sport_slug", "league_slug", "id"),
        "team_details": ("sport_slug", "league_slug", "id"),
    },
    resources={
        "teams": ResourceCalls("espn_site", "teams", BULK),
        "scoreboard": ResourceCalls("espn_site", "scoreboard", BULK),
        "team_details": ResourceCalls("espn_site", "team", DETAIL),
        "standings": ResourceCalls("espn_standings", "standings", BULK),
    },
)
