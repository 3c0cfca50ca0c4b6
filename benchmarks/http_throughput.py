"""Requests per second through the shared client (no pacing) against the local emulator."""

from __future__ import annotations

import time

from ingestion.emulator import Emulator
from ingestion.http import ApiClient, StatsRegistry
from ingestion.settings import replay_api_config
from ingestion.sources.gaming.settings import STEAM_STORE


def run(requests: int) -> None:
    with Emulator(["gaming"]) as emulator:
        config = replay_api_config(STEAM_STORE, emulator.base_urls()["gaming"]["steam_store"])
        stats = StatsRegistry()
        with ApiClient(config, stats=stats) as client:
            started = time.perf_counter()
            for index in range(requests):
                client.get_json(
                    "api/appdetails", {"appids": 570 if index % 2 else 730}, endpoint="appdetails", resource="bench"
                )
            elapsed = time.perf_counter() - started
    print(f"http: {requests} requests in {elapsed:.2f} s = {requests / elapsed:.0f} requests/s (client + emulator)")
