"""Local API emulator: answers the real APIs' paths from fixture data on 127.0.0.1 (DESIGN.md §7).

    with Emulator(["gaming"]) as emulator:
        urls = emulator.base_urls()["gaming"]   # {"steamspy": "http://127.0.0.1:PORT/steamspy", ...}
        emulator.set_day("2025-01-02")
        emulator.faults.add(Fault(r"/steam-store/api/appdetails", "status", 429, {"Retry-After": "1"}))

Run it as a process with `python -m ingestion.emulator --port 8765`.
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
