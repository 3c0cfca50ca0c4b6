"""The crypto vertical end to end against the emulator: dlt -> DuckDB -> dbt -> Parquet, over two days.

Expected numbers come from the emulator's documented fixtures (ingestion/emulator/crypto.py): 60 coins, details
and charts for the top 50 of day one on both days (pinned as coin_ids, so the ten smallest stay without details;
the last test follows the default daily plan instead); on day two matic-network is renamed and re-symbolled and
chainlink gains "Real World Assets (RWA)" (two new dim_coin versions); huobi is renamed; every run reads 7 days
of charts, so the two runs overlap on 6 days. The re-run test replays day two once more with 10 days of charts on
a copy of the warehouse.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime

import pytest

from ingestion.emulator import Emulator
from ingestion.emulator.crypto import SCENARIO
from ingestion.emulator.crypto_catalogue import TRENDING_OUTSIDERS
from ingestion.emulator.crypto_days import TRENDING_COINS, coin_states, midnight_price
from tests.conftest import ReplayRun, make_paths, replay, run_unit_tests

DAY_ONE, DAY_TWO = "2025-01-01", "2025-01-02"
RENAMED, GAINS_CATEGORY, NO_CAP = SCENARIO.renamed[0], SCENARIO.gained_category[0], SCENARIO.no_market_cap
DETAILED = 50
TOP_50 = [coin for coin in SCENARIO.coin_ids if coin not in SCENARIO.outside_top_n]
PINNED = {"coin_ids": TOP_50, "top_n": 0}

EXPECTED_ROWS = {
    "dim_coin": 63,  # 60 first versions + 2 changed on day two + the unknown member
    "dim_category": 23,  # 21 listed + "FTX Holdings" (only coins carry it) + the unknown member
    "dim_exchange": 21,
    "bridge_coin_category": 132,  # 131 memberships of the top 50 on day one + chainlink's new one
    "fct_coin_daily_metrics": 120,  # 60 coins x 2 days
    "fct_coin_price_history": 400,  # 50 coins x 8 days (two 7-day charts overlapping on 6 days)
    "fct_exchange_daily_metrics": 40,
    "fct_market_daily": 2,
    "fct_category_daily_metrics": 42,
    "fct_coin_trending_daily": 14,  # 7 trending coins x 2 days
}


@pytest.fixture(scope="module")
def crypto(tmp_path_factory: pytest.TempPathFactory) -> ReplayRun:
    run = replay(make_paths(tmp_path_factory.mktemp("crypto")), ["crypto"], params={"crypto": PINNED})
    assert [r.status for results in run.results.values() for r in results] == ["success", "success"]
    return run


@pytest.fixture(scope="module")
def rerun(crypto: ReplayRun, tmp_path_factory: pytest.TempPathFactory) -> ReplayRun:
    """Day two once more, reading 10 days of charts instead of 7, on a copy of the two-day warehouse."""
    paths = make_paths(tmp_path_factory.mktemp("crypto-rerun"))
    paths.warehouse.parent.mkdir(parents=True)
    shutil.copy2(crypto.paths.warehouse, paths.warehouse)
    run = replay(paths, ["crypto"], days=[DAY_TWO], params={"crypto": {**PINNED, "chart_days": 10}})
    assert [r.status for r in run.results[DAY_TWO]] == ["success"], run.results[DAY_TWO][0].error
    return run


def counts(run: ReplayRun) -> dict[str, int]:
    return {
        table: run.scalar(f"select count(*) from crypto.{table}")
        for (table,) in run.query("select table_name from information_schema.tables where table_schema = 'crypto'")
    }


def test_every_crypto_table_has_the_expected_row_count(crypto: ReplayRun) -> None:
    assert counts(crypto) == EXPECTED_ROWS
    assert crypto.scalar("select count(*) from shared.dim_date where date_key in (20250101, 20250102)") == 2


def test_renamed_coin_has_exactly_two_versions_one_current(crypto: ReplayRun) -> None:
    versions = crypto.query(
        "select coin_name, symbol, valid_from, valid_to, is_current, version_number from crypto.dim_coin "
        "where coin_id = ? order by valid_from",
        [RENAMED],
    )
    assert [(v[0], v[1], str(v[2]), str(v[3]), v[4], v[5]) for v in versions] == [
        ("Polygon", "matic", DAY_ONE, DAY_TWO, False, 1),
        ("POL (ex-MATIC)", "pol", DAY_TWO, "9999-12-31", True, 2),
    ]


def test_gained_category_makes_a_version_and_a_bridge_row_from_day_two(crypto: ReplayRun) -> None:
    categories = crypto.query(
        "select categories from crypto.dim_coin where coin_id = ? order by valid_from", [GAINS_CATEGORY]
    )
    assert categories == [("Ethereum Ecosystem; Oracle",), ("Ethereum Ecosystem; Oracle; Real World Assets (RWA)",)]
    bridge = crypto.query(
        "select b.category_name, b.first_seen_date, c.category_id from crypto.bridge_coin_category b "
        "join crypto.dim_category c using (category_key) where b.coin_id = ? order by 1",
        [GAINS_CATEGORY],
    )
    assert [(name, str(first), category_id) for name, first, category_id in bridge] == [
        ("Ethereum Ecosystem", DAY_ONE, "ethereum-ecosystem"),
        ("Oracle", DAY_ONE, "oracle"),
        ("Real World Assets (RWA)", DAY_TWO, "real-world-assets-rwa"),
    ]


def test_unchanged_coins_keep_a_single_version(crypto: ReplayRun) -> None:
    versions = dict(
        crypto.query("select coin_id, count(*) from crypto.dim_coin where not is_unknown_member group by coin_id")
    )
    assert set(versions) == set(SCENARIO.coin_ids)
    assert {coin for coin, n in versions.items() if n > 1} == {RENAMED, GAINS_CATEGORY}
    assert crypto.scalar("select count(*) from crypto.dim_coin where is_current and not is_unknown_member") == 60


def test_facts_point_to_the_version_valid_on_their_day(crypto: ReplayRun) -> None:
    rows = crypto.query(
        "select f.as_of_date, d.symbol from crypto.fct_coin_daily_metrics f "
        "join crypto.dim_coin d using (coin_key) where f.coin_id = ? order by 1",
        [RENAMED],
    )
    assert [(str(day), symbol) for day, symbol in rows] == [(DAY_ONE, "matic"), (DAY_TWO, "pol")]
    history = crypto.query(
        "select min(f.price_date), max(f.price_date), d.version_number from crypto.fct_coin_price_history f "
        "join crypto.dim_coin d using (coin_key) where f.coin_id = ? group by d.version_number order by 3",
        [RENAMED],
    )
    # Days before the coin was first seen take its first version; from day two on, the renamed version.
    assert [(str(first), str(last), version) for first, last, version in history] == [
        ("2024-12-26", DAY_ONE, 1),
        (DAY_TWO, DAY_TWO, 2),
    ]
    for fact in ("fct_coin_daily_metrics", "fct_coin_price_history"):
        assert crypto.scalar(f"select count(*) from crypto.{fact} where coin_key = '-1'") == 0


def test_overlapping_charts_keep_one_row_per_coin_and_day_newest_load_first(crypto: ReplayRun) -> None:
    assert (
        crypto.scalar(
            "select count(*) from (select coin_id, price_date from crypto.fct_coin_price_history "
            "group by 1, 2 having count(*) > 1)"
        )
        == 0
    )
    days = crypto.query("select price_date, count(*) from crypto.fct_coin_price_history group by 1 order by 1")
    assert [(str(day), n) for day, n in days] == [(f"2024-12-{d}", DETAILED) for d in range(26, 32)] + [
        (DAY_ONE, DETAILED),
        (DAY_TWO, DETAILED),
    ]
    index, coin = next((s.index, s.coin) for s in coin_states(DAY_ONE) if s.id == "ethereum")
    rows = crypto.query(
        "select price_date, price_at, price, as_of_date from crypto.fct_coin_price_history "
        "where coin_id = 'ethereum' and price_date in ('2024-12-26', '2025-01-01', '2025-01-02') order by 1"
    )
    day_two_price = next(s.price for s in coin_states(DAY_TWO) if s.id == "ethereum")
    assert [(str(r[0]), r[1], r[2], str(r[3])) for r in rows] == [
        # Only day one's chart reaches back to 2024-12-26.
        ("2024-12-26", datetime(2024, 12, 26), midnight_price(index, coin, datetime(2024, 12, 26).date()), DAY_ONE),
        # Day two's 00:00 snapshot replaces the intraday price day one's run saw for 2025-01-01.
        ("2025-01-01", datetime(2025, 1, 1), midnight_price(index, coin, datetime(2025, 1, 1).date()), DAY_TWO),
        ("2025-01-02", datetime(2025, 1, 2, 11, 58, 30), day_two_price, DAY_TWO),
    ]


def test_missing_values_stay_null(crypto: ReplayRun) -> None:
    no_cap = crypto.query(
        "select market_cap, market_cap_rank, fully_diluted_valuation, circulating_supply, has_details, "
        "sentiment_votes_up_percentage from crypto.fct_coin_daily_metrics where coin_id = ? and as_of_date = ?",
        [NO_CAP, DAY_TWO],
    )
    assert no_cap == [(None, None, None, None, False, None)]
    # Outside the top 50: no details fetched, so no details figures and no detail attributes, never 0 or 'Unknown'.
    undetailed = crypto.query(
        "select count(*), count(sentiment_votes_up_percentage), count(repo_stars), count(reddit_subscribers) "
        "from crypto.fct_coin_daily_metrics where not has_details"
    )
    assert undetailed == [(20, 0, 0, 0)]
    assert crypto.scalar(
        "select count(*) from crypto.dim_coin where coin_id in (select unnest(?)) and hashing_algorithm is null "
        "and homepage_url is null and categories is null and genesis_date is null",
        [list(SCENARIO.outside_top_n)],
    ) == len(SCENARIO.outside_top_n)
    stablecoins = crypto.query(
        "select count(*), count(sentiment_votes_up_percentage) from crypto.fct_coin_daily_metrics "
        "where coin_id in (select unnest(?))",
        [list(SCENARIO.stablecoins)],
    )
    assert stablecoins == [(10, 0)]
    assert crypto.query("select hashing_algorithm, genesis_date from crypto.dim_coin where coin_id = 'chainlink'") == [
        (None, None),
        (None, None),
    ]
    assert crypto.query(
        "select category_id from crypto.dim_category where category_name = ?", [SCENARIO.unlisted_category]
    ) == [(None,)]
    assert crypto.query(
        "select market_cap_usd, volume_24h_usd from crypto.fct_category_daily_metrics f "
        "join crypto.dim_category c using (category_key) where c.category_name = ?",
        [SCENARIO.category_without_coins],
    ) == [(None, None), (None, None)]
    assert crypto.scalar("select count(*) from crypto.fct_exchange_daily_metrics where trust_score is null") == 2


def test_blocks_of_zeros_coingecko_sends_for_no_data_are_null(crypto: ReplayRun) -> None:
    # The emulator's coins without a tracked repository, as its docstring lists them, minus the four outside the
    # top 50 (not detailed): CoinGecko sends them every repository count and every reddit figure as 0.
    no_repository = sorted(
        [
            "tether", "usd-coin", "shiba-inu", "ondo-finance", "pepe", "render-token", "okb", "immutable-x",
            "first-digital-usd", "ethena-usde",
        ]
    )  # fmt: skip
    raw_zeros = crypto.query(
        "select distinct coin_id from raw_crypto.coin_details where developer_data__stars = 0 "
        "and developer_data__forks = 0 and community_data__reddit_subscribers = 0 order by 1"
    )
    assert [coin for (coin,) in raw_zeros] == no_repository
    for day in (DAY_ONE, DAY_TWO):
        unknown = crypto.query(
            "select coin_id from crypto.fct_coin_daily_metrics where has_details and as_of_date = ? "
            "and repo_stars is null and repo_forks is null and commit_count_4_weeks is null "
            "and reddit_subscribers is null and reddit_accounts_active_48h is null order by 1",
            [day],
        )
        assert [coin for (coin,) in unknown] == no_repository
    assert (
        crypto.scalar(
            "select count(*) from crypto.fct_coin_daily_metrics where repo_stars = 0 or reddit_subscribers = 0"
        )
        == 0
    )
    assert crypto.scalar(
        "select count(*) from crypto.fct_coin_daily_metrics where has_details and repo_stars > 0 "
        "and reddit_subscribers > 0"
    ) == 2 * (DETAILED - len(no_repository))


def test_daily_metrics_follow_the_api(crypto: ReplayRun) -> None:
    solana = crypto.query(
        "select as_of_date, market_cap_rank, round(price_change_percentage_24h, 5), vs_currency, has_details "
        "from crypto.fct_coin_daily_metrics where coin_id = 'solana' order by 1"
    )
    day_one = next(s for s in coin_states(DAY_ONE) if s.id == "solana")
    change_day_one = round((day_one.price - day_one.previous_price) / day_one.previous_price * 100, 5)
    assert [row[1:] for row in solana] == [(6, change_day_one, "usd", True), (5, 12.0, "usd", True)]
    bitcoin = crypto.query(
        "select current_price, max_supply, sentiment_votes_up_percentage, repo_stars > 0, telegram_channel_users "
        "from crypto.fct_coin_daily_metrics where coin_id = 'bitcoin' and as_of_date = ?",
        [DAY_ONE],
    )
    assert bitcoin == [(93450.0, 21_000_000.0, 84.07, True, None)]
    market = crypto.query(
        "select as_of_date, vs_currency, active_cryptocurrencies, markets, btc_market_cap_percentage "
        "between 50 and 60, total_market_cap > 3e12 from crypto.fct_market_daily order by 1"
    )
    assert [row[1:] for row in market] == [("usd", 16950, 1195, True, True), ("usd", 16962, 1196, True, True)]


def test_trending_coins_are_a_daily_fact_keyed_to_the_version_of_their_day(crypto: ReplayRun) -> None:
    rows = crypto.query(
        "select f.as_of_date::varchar, f.trending_rank, f.coin_id, f.coin_key, d.coin_name, d.version_number "
        "from crypto.fct_coin_trending_daily f left join crypto.dim_coin d using (coin_key) order by 1, 2"
    )
    assert [(day, rank, coin) for day, rank, coin, *_ in rows] == [
        (day, rank, coin) for day in (DAY_ONE, DAY_TWO) for rank, coin in enumerate(TRENDING_COINS[day], start=1)
    ]
    # Only the coins outside the warehouse's 60 point to the unknown member; coins outside the top 50 (the-sandbox,
    # hyperliquid, zcash: on the markets pages, never detailed) still join their dim_coin version.
    unknown = {coin for _, _, coin, key, *_ in rows if key == "-1"}
    assert unknown == {outsider.id for outsider in TRENDING_OUTSIDERS}
    assert {coin for _, _, coin, *_ in rows} & set(SCENARIO.outside_top_n) == {"the-sandbox", "hyperliquid", "zcash"}
    # matic-network trends on day two, after its rename: the fact points to version 2.
    assert [(day, name, version) for day, _, coin, _, name, version in rows if coin == RENAMED] == [
        (DAY_TWO, "POL (ex-MATIC)", 2)
    ]
    day_two = next(s for s in coin_states(DAY_TWO) if s.id == "solana")
    solana = crypto.query(
        "select as_of_date::varchar, market_cap_rank, round(price_usd, 6), round(price_change_percentage_24h, 5), "
        "market_cap_usd, total_volume_usd from crypto.fct_coin_trending_daily where coin_id = 'solana' order by 1"
    )
    assert solana[1] == (DAY_TWO, 5, day_two.price, 12.0, float(day_two.market_cap), float(day_two.total_volume))
    # "$0" is CoinGecko's unknown cap, as on the markets.
    assert crypto.query(
        "select market_cap_rank, market_cap_usd, total_volume_usd > 0 from crypto.fct_coin_trending_daily "
        "where coin_id = ?",
        [NO_CAP],
    ) == [(None, None, True)]
    moonpup = TRENDING_OUTSIDERS[0]
    assert crypto.query(
        "select market_cap_rank, price_usd, market_cap_usd, price_change_percentage_24h from "
        "crypto.fct_coin_trending_daily where coin_id = ?",
        [moonpup.id],
    ) == [(moonpup.market_cap_rank, moonpup.price, float(moonpup.market_cap), moonpup.change_24h)]
    files = crypto.file_sidecars("crypto", "fct_coin_trending_daily")
    assert [(f["partition_value"], f["first_date"], f["row_count"]) for f in files] == [
        ("2025-01", DAY_ONE, 7),
        ("2025-01", DAY_TWO, 7),
    ]


def trending_the_way_real_days_differ(body: dict) -> dict:
    """Day one's answer with no `nfts`, coins without `data` (missing, null, []), figures as odd text or null,
    and bitcoin listed twice; day two (see the test) sends no coins at all."""
    del body["nfts"]
    items = [entry["item"] for entry in body["coins"]]
    del items[0]["data"]
    items[1]["data"] = []
    items[3]["data"].update(price="$1,234.50", market_cap="$7,282,143,900.50", total_volume=None)
    items[4]["data"]["market_cap"] = "n/a"
    body["coins"].append({"item": {**items[2], "score": 7}})
    return body


# An NFT as /search/trending sends them (floor prices as text with the currency).
TRENDING_NFT = {
    "id": "pudgy-penguins",
    "name": "Pudgy Penguins",
    "symbol": "PPG",
    "thumb": "https://assets.coingecko.com/nft_contracts/images/38/standard/pudgy.jpg?1707287183",
    "nft_contract_id": 38,
    "native_currency_symbol": "eth",
    "floor_price_in_native_currency": 11.52,
    "floor_price_24h_percentage_change": -2.81,
    "data": {"floor_price": "11.52 ETH", "h24_volume": "402.13 ETH", "sparkline": "", "content": None},
}


def test_messy_trending_days_do_not_break_the_vertical(tmp_path) -> None:
    paths = make_paths(tmp_path)
    with Emulator(["crypto"]) as emulator:
        emulator.rewrite(r"/coingecko/search/trending", trending_the_way_real_days_differ)
        first = replay(paths, ["crypto"], days=[DAY_ONE], emulator=emulator)
        emulator.clear_rewrites()
        emulator.rewrite(r"/coingecko/search/trending", lambda body: {**body, "coins": [], "nfts": [TRENDING_NFT]})
        second = replay(paths, ["crypto"], days=[DAY_TWO], emulator=emulator)
    for run, day in ((first, DAY_ONE), (second, DAY_TWO)):
        assert [(r.status, r.error) for r in run.results[day]] == [("success", None)]
    rows = second.query(
        "select trending_rank, coin_id, coin_key = '-1', price_usd, market_cap_usd, total_volume_usd "
        "from crypto.fct_coin_trending_daily order by as_of_date, trending_rank"
    )
    solana_key_known, pepe = rows[0][2], rows[3]
    assert [row[:2] for row in rows] == list(enumerate(TRENDING_COINS[DAY_ONE], start=1))
    # No `data`: the row stays, every figure NULL; bitcoin's second listing is dropped, its first kept.
    assert rows[0][3:] == rows[1][3:] == (None, None, None) and solana_key_known is False
    # Dollar signs and thousands commas go, cents stay; null stays NULL.
    assert pepe[3:] == (1234.5, 7282143900.5, None)
    assert rows[4][4] is None and rows[2][3] is not None
    assert second.scalar("select count(*) from crypto.fct_coin_trending_daily where as_of_date = ?", [DAY_TWO]) == 0
    # The NFT table the raw contract created empty on day one takes day two's first NFT.
    assert second.query(
        "select id, floor_price_in_native_currency, data__floor_price from raw_crypto.trending__nfts"
    ) == [("pudgy-penguins", "11.52", "11.52 ETH")]


def test_exchange_renamed_in_place_and_trust_ranks_move_on_the_fact(crypto: ReplayRun) -> None:
    assert crypto.query(
        "select exchange_name, first_seen_date from crypto.dim_exchange where exchange_id = 'huobi'"
    ) == [("HTX", datetime(2025, 1, 1).date())]
    ranks = crypto.query(
        "select exchange_id, list(trust_score_rank order by as_of_date) from crypto.fct_exchange_daily_metrics "
        "where exchange_id in ('okex', 'kraken') group by 1 order by 1"
    )
    assert ranks == [("kraken", [5, 4]), ("okex", [4, 5])]


def test_run_log_has_one_success_row_per_day_and_the_documented_requests(crypto: ReplayRun) -> None:
    rows = crypto.query(
        "select as_of_date, vertical, mode, status, tables_built from ops.etl_runs where vertical = 'crypto' order by 1"
    )
    assert [(str(r[0]), *r[1:]) for r in rows] == [
        (DAY_ONE, "crypto", "replay", "success", 10),
        (DAY_TWO, "crypto", "replay", "success", 10),
    ]
    requests = dict(
        crypto.query("select resource, sum(requests) from ops.etl_run_resources where vertical = 'crypto' group by 1")
    )
    assert requests == {
        "coins_markets": 6,
        "coin_details": 100,
        "coin_market_chart": 100,
        "coins_categories": 2,
        "exchanges": 6,
        "global_market": 2,
        "trending": 2,
    }


def test_each_run_records_its_plan_beside_the_requests_it_made(crypto: ReplayRun) -> None:
    rows = crypto.query(
        "select r.as_of_date::varchar, a.api, a.planned_bulk, a.planned_detail, a.planned_at_most, a.actual_bulk, "
        "a.actual_detail from ops.etl_run_apis a join ops.etl_runs r using (run_id, vertical) "
        "where r.vertical = 'crypto' order by 1"
    )
    assert rows == [
        # Before the first run: the page ceilings of max_coins 100 / 25 and max_exchanges 100 / 10, three single
        # requests; the 50 pinned coins are known without the markets (a detail and a chart each).
        (DAY_ONE, "coingecko", 4 + 10 + 3, 100, True, 3 + 3 + 3, 100),
        # Day two repeats day one's pages (three of markets, the last short; two of exchanges and the empty third).
        (DAY_TWO, "coingecko", 3 + 3 + 3, 100, False, 3 + 3 + 3, 100),
    ]


def test_every_export_is_snappy_and_matches_its_sidecar(crypto: ReplayRun) -> None:
    crypto.check_exports("crypto", EXPECTED_ROWS)
    history = crypto.manifest("crypto", "fct_coin_price_history")
    assert history["kind"] == "fact" and history["grain"] == "one row per coin_id and price_date"
    # Partitioned by the price's own date, a file per day: each day's file was written by the build of the newest
    # run whose chart covered that day (day two's re-read all but the oldest).
    files = crypto.file_sidecars("crypto", "fct_coin_price_history")
    assert [(f["partition_value"], f["first_date"], f["row_count"], f["run_id"]) for f in files] == crypto.query(
        "select strftime(price_date, '%Y-%m'), strftime(price_date, '%Y-%m-%d'), count(*), max(_run_id) "
        "from crypto.fct_coin_price_history group by price_date order by price_date"
    )
    assert {f["run_id"] for f in files} == {crypto.results[day][0].run_id for day in (DAY_ONE, DAY_TWO)}
    assert {run for f in files for run in f["source_run_ids"]} == {
        crypto.results[day][0].run_id for day in (DAY_ONE, DAY_TWO)
    }
    columns = {c["name"]: c for c in crypto.manifest("crypto", "fct_coin_daily_metrics")["columns"]}
    assert columns["coin_key"]["nullable"] is False and "Semi-additive" in columns["market_cap"]["description"]
    assert crypto.sidecar("crypto", "dim_coin")["scd_type"] == 2
    assert crypto.sidecar("crypto", "dim_category")["scd_type"] == 1


def test_rerunning_a_day_with_a_longer_backfill_adds_only_the_new_days(crypto: ReplayRun, rerun: ReplayRun) -> None:
    before, after = counts(crypto), counts(rerun)
    # Two more days of history (2024-12-24 and -25) for each charted coin; every other table is unchanged.
    assert after == {**before, "fct_coin_price_history": before["fct_coin_price_history"] + 2 * DETAILED}
    assert (
        rerun.scalar(
            "select count(*) from (select coin_id, date_key from crypto.fct_coin_price_history "
            "group by 1, 2 having count(*) > 1)"
        )
        == 0
    )
    new_run = rerun.results[DAY_TWO][0].run_id
    # The re-run's load covers all ten days now held, so it speaks for every one of them.
    assert rerun.query("select _run_id, count(*) from crypto.fct_coin_price_history group by 1") == [
        (new_run, 10 * DETAILED)
    ]
    # Daily facts of the re-run day were replaced, not added to; raw keeps every load.
    assert (
        rerun.scalar(
            "select count(*) from crypto.fct_coin_daily_metrics where as_of_date = ? and _run_id = ?",
            [DAY_TWO, new_run],
        )
        == 60
    )
    assert rerun.scalar("select count(*) from raw_crypto.coins_markets") == 180
    assert rerun.scalar("select count(*) from crypto.dim_coin") == EXPECTED_ROWS["dim_coin"]


def test_a_configured_coin_beyond_the_markets_pages_is_still_a_member(tmp_path) -> None:
    """Regression: a coin_ids entry ranked below max_coins (zcash is 58th; the markets read stops at 25) had
    details, categories and a chart but no dim_coin row, so the bridge's relationship test failed the build and
    its price history pointed at the unknown member."""
    run = replay(
        make_paths(tmp_path),
        ["crypto"],
        days=[DAY_ONE],
        params={"crypto": {"max_coins": 25, "markets_per_page": 25, "coin_ids": ["bitcoin", "zcash"]}},
    )
    assert [(r.status, r.error) for r in run.results[DAY_ONE]] == [("success", None)]
    assert run.query(
        "select coin_name, symbol, hashing_algorithm, cast(genesis_date as varchar), homepage_url, categories, "
        "is_current from crypto.dim_coin where coin_id = 'zcash'"
    ) == [("Zcash", "zec", "Equihash", "2016-10-28", "https://z.cash/", "Privacy Coins; Proof of Work (PoW)", True)]
    zcash_key = run.scalar("select coin_key from crypto.dim_coin where coin_id = 'zcash'")
    assert run.query(
        "select b.category_name, c.category_id from crypto.bridge_coin_category b "
        "join crypto.dim_category c using (category_key) where b.coin_id = 'zcash' order by 1"
    ) == [("Privacy Coins", "privacy-coins"), ("Proof of Work (PoW)", "proof-of-work-pow")]
    # Its chart (7 days, 2024-12-26..2025-01-01) and its details figures point at its version; what only the
    # markets give stays NULL.
    assert run.query(
        "select coin_key, count(*) from crypto.fct_coin_price_history where coin_id = 'zcash' group by 1"
    ) == [(zcash_key, 7)]
    assert run.query(
        "select coin_key, vs_currency, current_price, market_cap, market_cap_rank, has_details, "
        "sentiment_votes_up_percentage from crypto.fct_coin_daily_metrics where coin_id = 'zcash'"
    ) == [(zcash_key, "usd", None, None, None, True, 79.0)]
    # The 25 coins of the markets page, plus zcash.
    assert run.scalar("select count(*) from crypto.dim_coin where not is_unknown_member") == 26
    assert run.scalar("select count(*) from crypto.fct_coin_daily_metrics where coin_key = '-1'") == 0


def test_the_crypto_dbt_unit_tests_pass_on_the_built_warehouse(crypto: ReplayRun) -> None:
    unit_tests = run_unit_tests(crypto.paths, "crypto")
    assert len(unit_tests.declared) >= 5
    assert unit_tests.statuses == dict.fromkeys(unit_tests.declared, "pass"), unit_tests.output[-4000:]


def test_the_default_plan_details_new_coins_first_then_renamed_then_stalest(
    replayed: Callable[[str], ReplayRun],
) -> None:
    """The replay's own parameters: at most 50 coins detailed a day. Day one has only new coins, so the top 50 by
    rank; on day two the ten never detailed come first, then the renamed coin, then the 39 stalest by rank."""
    run = replayed("crypto")
    detailed = dict(
        run.query(
            "select cast(as_of_date as varchar), list(coin_id order by coin_id) from raw_crypto.coin_details group by 1"
        )
    )
    assert sorted(detailed[DAY_ONE]) == sorted(TOP_50)
    assert len(detailed[DAY_TWO]) == 50
    assert set(SCENARIO.outside_top_n) | {RENAMED} <= set(detailed[DAY_TWO])
    read_once = sorted(set(TOP_50) - set(detailed[DAY_TWO]))
    assert len(read_once) == 10 and RENAMED not in read_once
    # The coins not read on day two keep their day-one details, and say so; the ten read for the first time
    # have them from day two on; every coin has its daily row either way.
    current = dict(
        run.query(
            "select coin_id, cast(details_as_of as varchar) from crypto.dim_coin where is_current and not "
            "is_unknown_member"
        )
    )
    assert {coin: current[coin] for coin in read_once} == dict.fromkeys(read_once, DAY_ONE)
    assert {current[coin] for coin in SCENARIO.outside_top_n} == {DAY_TWO}
    assert run.scalar(
        "select count(*) from crypto.dim_coin where coin_id in (select unnest(?)) and categories is not null "
        "and is_current",
        [read_once],
    ) == len(read_once)
    daily_rows = run.query("select as_of_date::varchar, count(*) from crypto.fct_coin_daily_metrics group by 1")
    assert sorted(daily_rows) == [(DAY_ONE, 60), (DAY_TWO, 60)]
