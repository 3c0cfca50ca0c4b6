"""Parsing of ESPN payloads into rows dlt can load, and of the source's league and date parameters.

Rows keep ESPN's objects as returned; the only reshaping is hoisting each team, event or standings entry out of
its wrappers to be a row of its own, with the league it was requested for (and, for standings, its conference and
season) beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ingestion.http import iter_dates
from ingestion.params import SettingError
from ingestion.sources.betting.settings import MAX_SCOREBOARD_DATES, SETTLED_STATUSES
from ingestion.sources.payloads import PayloadShapeError, Quarantined, expect_mapping, parse_each

SITE, STANDINGS = "espn_site", "espn_standings"


@dataclass(frozen=True)
class League:
    """One configured league: ESPN's sport and league path slugs, e.g. basketball/nba."""

    sport: str
    league: str

    @property
    def path(self) -> str:
        return f"{self.sport}/{self.league}"

    def stamp(self) -> dict[str, str]:
        return {"sport_slug": self.sport, "league_slug": self.league}


def parse_leagues(value: Sequence[str] | str) -> list[League]:
    """`["basketball/nba", ...]` or "basketball/nba,hockey/nhl" (a CLI value) -> leagues, duplicates dropped."""
    items = value.split(",") if isinstance(value, str) else list(value)
    leagues: list[League] = []
    for item in items:
        sport, slash, league = str(item).strip().strip("/").partition("/")
        if not slash or not sport or not league or "/" in league:
            raise ValueError(f"league {item!r} is not a 'sport/league' slug pair such as 'basketball/nba'")
        if League(sport, league) not in leagues:
            leagues.append(League(sport, league))
    if not leagues:
        raise ValueError("no league configured: set leagues to e.g. ['basketball/nba']")
    return leagues


def parse_date(value: str | int | date, name: str) -> date:
    """YYYY-MM-DD or YYYYMMDD (text or, from the CLI, an integer)."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 8 and text.isdigit():
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date: use YYYY-MM-DD, e.g. 2024-09-05") from None


def scoreboard_dates(
    as_of_date: str, days_back: int, start_date: str | int | date = "", end_date: str | int | date = ""
) -> list[date]:
    """The ESPN dates to read: `start_date`..`end_date` when a backfill range is given (either end defaults as
    below), else the `days_back` days before the as-of date and the as-of date itself. A window that is empty or
    longer than `MAX_SCOREBOARD_DATES` raises `SettingError`."""
    if days_back < 0:
        raise SettingError(f"betting.days_back={days_back!r}: below 0; allowed: a whole number >= 0")
    end = parse_date(end_date, "end_date") if end_date not in ("", None) else parse_date(as_of_date, "as_of_date")
    start = parse_date(start_date, "start_date") if start_date not in ("", None) else end - timedelta(days=days_back)
    if start > end:
        end_is = "betting.end_date" if end_date not in ("", None) else "the as-of date (end_date unset)"
        raise SettingError(
            f"betting.start_date={start.isoformat()!r} is after {end_is} {end.isoformat()}; "
            "allowed: a start_date on or before end_date"
        )
    dates = list(iter_dates(start, end))
    if len(dates) > MAX_SCOREBOARD_DATES:
        raise SettingError(
            f"betting.start_date..end_date={start}..{end}: {len(dates)} dates; "
            f"allowed: at most {MAX_SCOREBOARD_DATES} dates a run (backfill one season at a time)"
        )
    return dates


def check_window(params: Mapping[str, Any], as_of_date: str) -> None:
    """The run's scoreboard window is valid (see `scoreboard_dates`); checked before anything runs."""
    scoreboard_dates(as_of_date, params["days_back"], params["start_date"], params["end_date"])


# teams


def team_rows(body: Any, league: League) -> list[dict[str, Any] | Quarantined]:
    """GET teams: {"sports": [{"leagues": [{..., "teams": [{"team": {...}}]}]}]} -> one row per team, with the
    league's own fields (id, name, abbreviation, season) under `league`."""
    entry = _only(_list(expect_mapping(body, SITE, "teams"), "sports", "teams"), "teams", "one sport")
    espn_league = _only(_list(entry, "leagues", "teams"), "teams", "one league")
    league_fields = {key: value for key, value in espn_league.items() if key != "teams"}

    def team_row(item: Any) -> dict[str, Any]:
        team = item.get("team") if isinstance(item, Mapping) else None
        if not isinstance(team, Mapping) or team.get("id") in (None, ""):
            raise PayloadShapeError(SITE, "teams", "{'team': {...}} entries with an id", item)
        return {**team, "league": league_fields, **league.stamp()}

    return parse_each(_list(espn_league, "teams", "teams"), team_row, key_of=_team_id_of)


def team_detail_row(body: Any, league: League, team_id: str) -> dict[str, Any]:
    """GET teams/{id}: {"team": {...}} -> the team object (record, groups, franchise.venue)."""
    team = expect_mapping(body, SITE, "team").get("team")
    if not isinstance(team, Mapping) or str(team.get("id")) != str(team_id):
        raise PayloadShapeError(SITE, "team", f"{{'team': {{'id': '{team_id}', ...}}}}", body)
    return {**team, **league.stamp()}


# scoreboard


def scoreboard_events(body: Any, league: League, scoreboard_date: date) -> list[dict[str, Any] | Quarantined]:
    """GET scoreboard?dates=YYYYMMDD: {"leagues": [...], "events": [...]} -> one row per event, with the ESPN date
    it was listed under (US Eastern: an evening game in the west starts the next day in UTC)."""

    def event_row(event: Any) -> dict[str, Any]:
        if not isinstance(event, Mapping) or event.get("id") in (None, ""):
            raise PayloadShapeError(SITE, "scoreboard", "events with an id", event)
        competitions = event.get("competitions")
        if not isinstance(competitions, list) or not competitions or not isinstance(competitions[0], Mapping):
            raise PayloadShapeError(SITE, "scoreboard", f"event {event['id']} with a competition", competitions)
        return {**event, **league.stamp(), "scoreboard_date": scoreboard_date.isoformat()}

    events = _list(expect_mapping(body, SITE, "scoreboard"), "events", "scoreboard")
    return parse_each(events, event_row, key_of=_id_of)


def status_name(event: Mapping[str, Any]) -> str | None:
    """ESPN's status name (STATUS_FINAL, ...): the competition's, else the event's (a summary's header event has
    only the competition's)."""
    competitions = event.get("competitions")
    for holder in (*(competitions[:1] if isinstance(competitions, list) else ()), event):
        status = holder.get("status") if isinstance(holder, Mapping) else None
        kind = status.get("type") if isinstance(status, Mapping) else None
        if isinstance(kind, Mapping) and kind.get("name"):
            return str(kind["name"])
    return None


def is_settled(event: Mapping[str, Any]) -> bool:
    """Final, postponed or cancelled: the scoreboard entry will not change any more (a postponed game that is
    played later shows up again on its new date)."""
    return status_name(event) in SETTLED_STATUSES


# standings


def standings_rows(body: Any, league: League) -> list[dict[str, Any] | Quarantined]:
    """GET standings (apis/v2): {"children": [{..., "standings": {"entries": [{team, stats}]}}]} -> one row per
    entry, with its group (conference) and the standings' season and season type beside it."""
    root = expect_mapping(body, STANDINGS, "standings")
    if "children" not in root and "fullViewLink" in root:
        raise PayloadShapeError(
            STANDINGS,
            "standings",
            "standings with children (this is the site/v2 stub: point espn_standings at .../apis/v2/sports)",
            body,
        )
    # Some leagues answer a single table without conference children.
    groups = _list(root, "children", "standings") if "children" in root else [root]
    rows: list[dict[str, Any] | Quarantined] = []
    for group in groups:
        table = expect_mapping(group, STANDINGS, "standings").get("standings")
        if not isinstance(table, Mapping):
            raise PayloadShapeError(STANDINGS, "standings", "a group with a standings table", group)
        context = {
            "group": {key: group.get(key) for key in ("id", "uid", "name", "abbreviation", "isConference")},
            "season": table.get("season"),
            "season_type": table.get("seasonType"),
            "season_display_name": table.get("seasonDisplayName"),
        }

        def standing_row(entry: Any, context: Mapping[str, Any] = context) -> dict[str, Any]:
            team = entry.get("team") if isinstance(entry, Mapping) else None
            if (
                not isinstance(team, Mapping)
                or team.get("id") in (None, "")
                or not isinstance(entry.get("stats"), list)
            ):
                raise PayloadShapeError(STANDINGS, "standings", "entries with a team id and a stats list", entry)
            return {**entry, **context, **league.stamp()}

        rows += parse_each(_list(table, "entries", "standings"), standing_row, key_of=_team_id_of)
    return rows


def season_rows(body: Any, league: League) -> list[dict[str, Any]]:
    """The `seasons` list of a standings answer (each season with its types); [] when ESPN leaves it out."""
    seasons = expect_mapping(body, STANDINGS, "standings").get("seasons", [])
    if not isinstance(seasons, list) or not all(isinstance(season, Mapping) for season in seasons):
        raise PayloadShapeError(STANDINGS, "standings", "seasons as a list of objects", seasons)
    return [{**season, **league.stamp()} for season in seasons]


def _id_of(item: Any) -> Any:
    return item.get("id") if isinstance(item, Mapping) else None


def _team_id_of(item: Any) -> Any:
    """The team id of a `{"team": {...}}` entry, as far as the entry has one."""
    return _id_of(item.get("team")) if isinstance(item, Mapping) else None


def _list(parent: Mapping[str, Any], key: str, endpoint: str) -> list[Any]:
    value = parent.get(key)
    if not isinstance(value, list):
        api = STANDINGS if endpoint == "standings" else SITE
        raise PayloadShapeError(api, endpoint, f"a list under {key!r}", value if key in parent else parent)
    return value


def _only(items: list[Any], endpoint: str, what: str) -> Mapping[str, Any]:
    if len(items) != 1 or not isinstance(items[0], Mapping):
        raise PayloadShapeError(SITE, endpoint, what, items)
    return items[0]
