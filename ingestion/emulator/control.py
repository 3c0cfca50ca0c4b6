"""Control endpoints under /_emulator/, for driving an emulator that runs as a separate process
(`python -m ingestion.emulator`). They bypass fault injection and are not recorded, so inspecting the emulator
never changes what it reports."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from ingestion.emulator.faults import Fault
from ingestion.emulator.routes import EmulatorRequest, EmulatorResponse, Route, json_response

if TYPE_CHECKING:
    from ingestion.emulator.server import Emulator

CONTROL_PREFIX = "/_emulator/"


def control_routes(emulator: Emulator) -> list[Route]:
    def day_state() -> dict[str, Any]:
        return {"day": emulator.day, "days": emulator.days}

    def get_day(_: EmulatorRequest) -> EmulatorResponse:
        return json_response(day_state())

    def set_day(request: EmulatorRequest) -> EmulatorResponse:
        value = request.query.get("value", "")
        try:
            emulator.set_day(value)
        except ValueError as error:
            return json_response({"error": str(error), **day_state()}, status=400)
        return json_response(day_state())

    def add_fault(request: EmulatorRequest) -> EmulatorResponse:
        try:
            fields = json.loads(request.body or b"{}")
            if not isinstance(fields, dict):
                raise ValueError("the body must be one JSON object with the fault's fields")
            fault = emulator.faults.add(Fault.from_dict(fields))
        except (ValueError, TypeError) as error:
            return json_response({"error": f"bad fault: {error}"}, status=400)
        return json_response({"fault": fault.to_dict()}, status=201)

    def list_faults(_: EmulatorRequest) -> EmulatorResponse:
        return json_response([fault.to_dict() for fault in emulator.faults.pending()])

    def clear_faults(_: EmulatorRequest) -> EmulatorResponse:
        return json_response({"cleared": emulator.faults.clear()})

    def list_requests(_: EmulatorRequest) -> EmulatorResponse:
        return json_response([recorded.to_dict() for recorded in emulator.requests])

    def clear_requests(_: EmulatorRequest) -> EmulatorResponse:
        return json_response({"cleared": emulator.clear_requests()})

    def get_base_urls(_: EmulatorRequest) -> EmulatorResponse:
        return json_response(emulator.base_urls())

    def get_limits(_: EmulatorRequest) -> EmulatorResponse:
        stats = {name: dataclasses.asdict(limit) for name, limit in emulator.limit_stats().items()}
        return json_response({"enforced": emulator.enforces_limits, "limits": stats})

    return [
        Route(r"/_emulator/day", get_day, ("GET",)),
        Route(r"/_emulator/day", set_day, ("POST", "PUT")),
        Route(r"/_emulator/faults", list_faults, ("GET",)),
        Route(r"/_emulator/faults", add_fault, ("POST",)),
        Route(r"/_emulator/faults", clear_faults, ("DELETE",)),
        Route(r"/_emulator/requests", list_requests, ("GET",)),
        Route(r"/_emulator/requests", clear_requests, ("DELETE",)),
        Route(r"/_emulator/base-urls", get_base_urls, ("GET",)),
        Route(r"/_emulator/limits", get_limits, ("GET",)),
    ]
