"""Fault injection: make chosen requests fail the ways real APIs fail, so retry and parsing paths get
exercised.

Kinds:
- "status": answer `status` with `headers` and `body` (a 429 with Retry-After, a 500, or a 200 whose body is
  a drifted schema);
- "delay": sleep `delay_seconds`, then answer normally (client timeouts);
- "malformed": answer 200 with the real body cut in half (truncated JSON);
- "html": answer 200 with an HTML error page (`body`, or a stock one), as CDNs and proxies do;
- "drop": close the connection without answering.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

FaultKind = Literal["status", "delay", "malformed", "html", "drop"]
FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)

DEFAULT_HTML_PAGE = (
    "<!DOCTYPE html><html><head><title>Service Unavailable</title></head>"
    "<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p>"
    "</body></html>"
)


@dataclass
class Fault:
    path_pattern: str
    kind: FaultKind
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    delay_seconds: float = 0.0
    times: int | None = 1
    query: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {', '.join(FAULT_KINDS)}")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be a positive count, or None for a fault that never wears off")
        try:
            re.compile(self.path_pattern)
        except re.error as error:
            raise ValueError(f"path_pattern {self.path_pattern!r} is not a valid regex: {error}") from error

    def matches(self, path: str, query: dict[str, str]) -> bool:
        if re.search(self.path_pattern, path) is None:
            return False
        return all(query.get(name) == value for name, value in self.query.items())

    @classmethod
    def from_dict(cls, fields: dict[str, Any]) -> Fault:
        """Builds a fault from the control endpoint's JSON body; unknown keys are an error, not ignored, so a
        misspelt field cannot silently produce a different fault."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(fields) - known)
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(unknown)}")
        return cls(**fields)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class FaultInjector:
    """Thread-safe list of pending faults; the first matching one with uses left fires."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> int:
        with self._lock:
            count = len(self._faults)
            self._faults.clear()
        return count

    def pending(self) -> list[Fault]:
        with self._lock:
            return [copy.copy(fault) for fault in self._faults]

    def take(self, path: str, query: dict[str, str]) -> Fault | None:
        """The fault to apply to this request, if any; counting a use happens under the lock so concurrent
        requests cannot both consume the last use."""
        with self._lock:
            for index, fault in enumerate(self._faults):
                if not fault.matches(path, query):
                    continue
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times == 0:
                        del self._faults[index]
                # A snapshot: the caller must not see later decrements.
                return copy.copy(fault)
        return None
