"""Local API emulator: answers the real APIs' paths from fixture data on 127.0.0.1 (DESIGN.md §7).

    with Emulator(["gaming"]) as emulator:
        urls = emulator.base_urls()["gaming"]   # {"steamspy": "http://127.0.0.1:PORT/steamspy", ...}
        emulator.set_day("2025-01-02")
        emulator.faults.add(Fault(r"/steam-store/api/appdetails", "status", 429, {"Retry-After": "1"}))

Run it as a process with `python -m ingestion.emulator --port 8765`.

Generated catalogues (`ingestion.emulator.catalogues`): `Emulator(["gaming"], catalogue="seed")` or
`python -m ingestion.emulator --catalogue seed` serves, for the verticals a description covers, catalogues
generated from it instead of the hand-written scenarios, at the real APIs' page sizes (SteamSpy 1000 apps a page,
CoinGecko markets up to 250). `catalogue` is a built-in name (`seed`: 50,000 apps over 16 days, 10,000 coins
over 36 and 500 teams over 360; `small`: a few thousand entities over 3 days, for tests) or the path of a TOML
description:

    seed = 7                      # every stream is seeded from it: same description, same bytes
    start = "2025-01-01"          # the first day; the days follow one another
    [gaming]
    apps = 2_500                  # on day one
    days = 3
    free_share = 0.12             # of apps, free to play
    discounted_share = 0.1        # of paid apps, on sale on day one
    [gaming.churn]                # exact counts per day, except the last two (rates per app)
    new = 30; removed = 12; renamed = 40; repriced = 25; discount_starts = 100; discount_ends = 80
    owners_moves = 20; review_growth = 0.002; ccu_swing = 0.15
    [crypto]
    coins = 1_200
    days = 3
    [crypto.churn]
    new = 10; removed = 4; renamed = 30; recategorised = 12; volatility = 0.04
    [betting]
    teams_per_league = 12         # ids 1..12 in each of nfl, nba, nhl, mlb
    days = 3
    played_before = 6; games_per_day = 4; off_every = 3; quiet_start = 2; quiet_days = 2; odds_share = 0.75
    [betting.churn]
    renamed = 2; relocated = 1; new_venue = 1; team_changes_every = 1; postponed = 2

(TOML wants one key per line; `;` above only saves space.) Every key is required and unknown keys are refused.
Verticals the description leaves out serve their hand-written scenario. What each churn kind means on the wire
is in `catalogues/gaming.py`, `catalogues/crypto.py` and `catalogues/betting.py`.
"""

from ingestion.emulator.faults import Fault, FaultInjector
from ingestion.emulator.registry import VERTICALS
from ingestion.emulator.routes import EmulatorRequest, EmulatorResponse, Route
from ingestion.emulator.server import Emulator, RecordedRequest

__all__ = [
    "VERTICALS",
    "Emulator",
    "EmulatorRequest",
    "EmulatorResponse",
    "Fault",
    "FaultInjector",
    "RecordedRequest",
    "Route",
]
