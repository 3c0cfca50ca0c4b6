"""Routing types shared by the server and the vertical modules.

A vertical module exposes `routes() -> list[Route]`, `DAYS: list[str]` and `base_urls(emulator_base_url)`; the
server fullmatches each request path against the routes of every loaded vertical, in registration order.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class Headers(dict[str, str]):
    """HTTP header names are case-insensitive, so lookups must not depend on how a client spelled them:
    names are stored lower-cased and `headers["X-Api-Key"]` finds `x-api-key`."""

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        super().__init__()
        pairs = items.items() if isinstance(items, Mapping) else items
        for name, value in pairs:
            self[name] = value

    def __setitem__(self, name: str, value: str) -> None:
        super().__setitem__(name.lower(), value)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name.lower() if isinstance(name, str) else name)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(name.lower(), default)


@dataclass(frozen=True)
class EmulatorRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: Headers
    groups: dict[str, str]
    day: str
    body: bytes = b""


@dataclass
class EmulatorResponse:
    """`body` is JSON-serialised unless it is already a `str` (raw text, e.g. an HTML page)."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        # Compact separators, as the real APIs answer.
        return json.dumps(self.body, separators=(",", ":")).encode("utf-8")

    def content_type(self) -> str:
        for name, value in self.headers.items():
            if name.lower() == "content-type":
                return value
        return JSON_CONTENT_TYPE


def json_response(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> EmulatorResponse:
    return EmulatorResponse(status=status, body=body, headers=dict(headers or {}))


Handler = Callable[[EmulatorRequest], EmulatorResponse]


@dataclass(frozen=True)
class Route:
    pattern: str
    handler: Handler
    methods: tuple[str, ...] = ("GET",)

    def match(self, path: str) -> re.Match[str] | None:
        return _compiled(self.pattern).fullmatch(path)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Resolution:
    """`route` is None when nothing answers: `path_known` then tells 405 (wrong method) from 404."""

    route: Route | None
    match: re.Match[str] | None
    path_known: bool


def resolve(routes: Iterable[Route], method: str, path: str) -> Resolution:
    path_known = False
    for route in routes:
        match = route.match(path)
        if match is None:
            continue
        if method in route.methods:
            return Resolution(route, match, True)
        path_known = True
    return Resolution(None, None, path_known)


def day_for(requested: str, days: list[str]) -> str:
    """The vertical's own day for the emulator's current day: the latest one not after it (or its first), so
    verticals with different day sets can run side by side."""
    position = bisect.bisect_right(days, requested)
    return days[position - 1] if position else days[0]
