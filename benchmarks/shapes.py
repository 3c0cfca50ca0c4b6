"""How each vertical's raw tables are cloned to N entities x D days: which columns hold entity ids, which
measures vary by day, which names and prices churn (../shared/PERFORMANCE.md). Expressions are DuckDB SQL over
a seed row `s`, with `_e` (the entity's index, 0..N-1), `_d` (the day's index) and `_days` (the vertical's days);
the `bench_*` macros are defined by `benchmarks.generate`. Tables not listed here are copied unchanged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Churn:
    """Shares of entities, in basis points, whose name changes once, twice, or once and back again."""

    once: int
    twice: int
    back: int

    @property
    def total(self) -> int:
        return self.once + self.twice + self.back


@dataclass(frozen=True)
class TableShape:
    # Id columns, shifted per copy (copy k of an entity is a new entity).
    ids: tuple[str, ...] = ()
    # Column -> SQL replacing the seed's value.
    columns: Mapping[str, str] = field(default_factory=dict)
    # A condition every cloned row meets (rows failing it are not landed).
    keep: str | None = None
    # A root table's entity rank, when it is not the rank of its own key (SQL over the raw seed row `t` and the
    # `entities` of the seed: key `k1`.., `_rank`, `_first`).
    rank: str | None = None


@dataclass(frozen=True)
class EntityKey:
    columns: tuple[str, ...]
    where: str = "true"


@dataclass(frozen=True)
class VerticalShape:
    name: str
    churn: Churn
    # Root tables that name an entity, and the columns of its key (all keys of a vertical have one arity).
    entity_keys: Mapping[str, EntityKey]
    tables: Mapping[str, TableShape]
    # Copies are cut whole by the first key column (ESPN's standings add up per league only with every team of
    # the league): the last copy keeps every group that starts within the entities asked.
    whole_groups: bool = False

    @property
    def dataset(self) -> str:
        return f"raw_{self.name}"

    def table(self, name: str) -> TableShape:
        return self.tables.get(name, TableShape())


def vary(*columns: str) -> dict[str, str]:
    """Daily measures: the seed's value times a factor in [0.8, 1.2] drawn per entity, day and column."""
    return {column: f"bench_vary(s.{column}, _e, _d, '{column}')" for column in columns}


def renamed(churn: Churn, *columns: str) -> dict[str, str]:
    version = f"bench_version(_e, _d, _days, {churn.once}, {churn.twice}, {churn.back})"
    return {column: f"bench_renamed(s.{column}, {version})" for column in columns}


GAMING_CHURN = Churn(once=150, twice=75, back=75)
# Of the games, after the 3% renamed: 2% repriced (20% off from their change day on).
REPRICED = (
    f"bench_u(_e, 'name') between {GAMING_CHURN.total} and {GAMING_CHURN.total + 199} and _d >= bench_k1(_e, _days)"
)
# 2% change developer from their change day on; 1% have no developer and no publisher at all.
NEW_DEVELOPER = "bench_u(_e, 'developer') < 200 and _d >= bench_k1(_e, _days)"
NO_DEVELOPER = "bench_u(_e, 'developer') between 200 and 299"


def repriced(*columns: str) -> dict[str, str]:
    return {
        column: f"case when {REPRICED} then cast(s.{column} * 0.8 as bigint) else s.{column} end" for column in columns
    }


def without_developer(*columns: str) -> dict[str, str]:
    return {column: f"case when {NO_DEVELOPER} then null else s.{column} end" for column in columns}


STEAMSPY_MEASURES = ("ccu", "players_2weeks", "positive", "negative", "average_2weeks", "median_2weeks")

GAMING = VerticalShape(
    name="gaming",
    churn=GAMING_CHURN,
    entity_keys={
        "steamspy_apps": EntityKey(("appid",)),
        "steamspy_app_details": EntityKey(("appid",)),
        "steam_app_details": EntityKey(("app_id",)),
        "steam_app_reviews": EntityKey(("app_id",)),
        "steam_current_players": EntityKey(("app_id",)),
    },
    tables={
        "steamspy_apps": TableShape(
            ids=("appid",),
            columns={
                **vary(*STEAMSPY_MEASURES),
                **renamed(GAMING_CHURN, "name"),
                **without_developer("developer", "publisher"),
            },
        ),
        "steamspy_app_details": TableShape(
            ids=("appid",),
            columns={
                **vary(*STEAMSPY_MEASURES),
                **renamed(GAMING_CHURN, "name"),
                **without_developer("developer", "publisher"),
            },
        ),
        "steam_app_details": TableShape(
            ids=(
                "app_id",
                "data__steam_appid",
            ),
            columns={
                **vary("data__recommendations__total"),
                **renamed(GAMING_CHURN, "data__name"),
                **repriced("data__price_overview__initial", "data__price_overview__final"),
            },
        ),
        "steam_app_details__data__developers": TableShape(
            # The first listed developer changes (two listed developers never end up with one name).
            columns={
                "value": f"case when {NEW_DEVELOPER} and s._dlt_list_idx = 0 then 'Bench Studio ' || (_e % 97) "
                "else s.value end"
            },
            keep=f"not ({NO_DEVELOPER})",
        ),
        "steam_app_details__data__publishers": TableShape(keep=f"not ({NO_DEVELOPER})"),
        "steam_app_reviews": TableShape(
            ids=("app_id",),
            columns=vary(
                "query_summary__num_reviews",
                "query_summary__total_positive",
                "query_summary__total_negative",
                "query_summary__total_reviews",
            ),
        ),
        "steam_current_players": TableShape(ids=("app_id",), columns=vary("response__player_count")),
        "steamspy_app_details__tags": TableShape(columns=vary("votes")),
    },
)

CRYPTO_CHURN = Churn(once=150, twice=50, back=50)
# CoinGecko ranks coins uniquely per day: each copy's ranks come after the previous copy's.
COIN_RANK = {"market_cap_rank": "s.market_cap_rank + s._copy * 1000"}
COIN_MEASURES = ("current_price", "market_cap", "total_volume", "high_24h", "low_24h", "circulating_supply")

CRYPTO = VerticalShape(
    name="crypto",
    churn=CRYPTO_CHURN,
    entity_keys={
        "coins_markets": EntityKey(("id",)),
        "coin_details": EntityKey(("coin_id",)),
        "coin_market_chart": EntityKey(("coin_id",)),
    },
    tables={
        "coins_markets": TableShape(
            ids=("id",),
            columns={**vary(*COIN_MEASURES), **renamed(CRYPTO_CHURN, "name"), **COIN_RANK},
        ),
        "coin_details": TableShape(
            ids=(
                "coin_id",
                "id",
            ),
            columns={
                **vary("watchlist_portfolio_users", "community_data__twitter_followers"),
                **renamed(CRYPTO_CHURN, "name"),
                **COIN_RANK,
            },
        ),
        "coin_market_chart": TableShape(
            ids=("coin_id",),
            columns={
                **vary("price", "market_cap", "total_volume"),
                # The chart's points move on with the day, like the real rolling window.
                "timestamp_ms": "s.timestamp_ms + _d * 86400000::bigint",
            },
        ),
        "exchanges": TableShape(columns=vary("trade_volume_24h_btc", "trade_volume_24h_btc_normalized")),
        "coins_categories": TableShape(columns=vary("market_cap", "volume_24h")),
        "global_market__totals": TableShape(columns=vary("total_market_cap", "total_volume")),
    },
)

BETTING_CHURN = Churn(once=300, twice=100, back=100)
TEAM_NAMES = ("display_name", "short_display_name", "name")
# A game's rank is its league's (both teams play in it), so a game is landed with its teams. Games are not
# shifted by day: every day's scoreboard lists the same window of games again, as ESPN's does between game days.
GAME_RANK = """(
    select max(k._first)
    from warehouse.raw_betting.scoreboard__competitions as p
    inner join warehouse.raw_betting.scoreboard__competitions__competitors as c on c._dlt_parent_id = p._dlt_id
    inner join entities as k on k.k1 = t.league_slug and k.k2 = cast(c.team__id as varchar)
    where p._dlt_parent_id = t._dlt_id
)"""


BETTING = VerticalShape(
    name="betting",
    churn=BETTING_CHURN,
    entity_keys={
        "teams": EntityKey(("league_slug", "id")),
        "team_details": EntityKey(("league_slug", "id")),
        "standings": EntityKey(("league_slug", "team__id")),
    },
    tables={
        "teams": TableShape(ids=("id",), columns=renamed(BETTING_CHURN, *TEAM_NAMES)),
        "team_details": TableShape(ids=("id",), columns=renamed(BETTING_CHURN, *TEAM_NAMES)),
        "standings": TableShape(
            ids=("team__id",), columns=renamed(BETTING_CHURN, *(f"team__{name}" for name in TEAM_NAMES))
        ),
        # Standings stay as the seed has them: wins and losses add up within each league on each day.
        "scoreboard": TableShape(ids=("id",), rank=GAME_RANK),
        "scoreboard__competitions": TableShape(ids=("id",)),
        "scoreboard__competitions__competitors": TableShape(
            ids=(
                "id",
                "team__id",
            ),
            columns=renamed(BETTING_CHURN, *(f"team__{name}" for name in TEAM_NAMES)),
        ),
    },
    whole_groups=True,
)

MEDIA_CHURN = Churn(once=180, twice=60, back=60)
TITLE_TABLES = (
    "movie_popular",
    "discover_movie",
    "discover_tv",
    "movie_details",
    "tv_details",
    "trending_all_day",
    "tv_popular",
)
# People in the trending list are not titles: they are copied once per day, like the catalogues.
TITLE_KEY = EntityKey(("media_type", "id"), where="media_type in ('movie', 'tv')")

MEDIA = VerticalShape(
    name="media",
    churn=MEDIA_CHURN,
    entity_keys=dict.fromkeys(TITLE_TABLES, TITLE_KEY),
    tables={
        # One id shift for movies and TV alike, so TMDb ids that repeat across the two keep repeating.
        table: TableShape(
            ids=("id",),
            columns={**vary("popularity", "vote_count", "vote_average"), **renamed(MEDIA_CHURN, "title", "name")},
        )
        for table in TITLE_TABLES
    },
)

SHAPES: dict[str, VerticalShape] = {shape.name: shape for shape in (GAMING, CRYPTO, BETTING, MEDIA)}
