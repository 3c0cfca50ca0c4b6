"""Typed declarations of the sources' settings, and the one validator every configured value goes through.

Each source's `settings.py` declares its parameters as `Setting`s (name, kind, default, meaning);
`VerticalSpec.resolve_params` checks every value from `[sources.<vertical>]` in `.dlt/config.toml`, from
`SOURCES__<VERTICAL>__<NAME>` variables and from per-run overrides (`--param`, `extractor_params`) against them
before anything runs. A value that does not fit raises `SettingError`, whose message is one line naming the
setting, the value and what is allowed.
"""

from __future__ import annotations

import ast
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any


class SettingError(ValueError):
    """A setting whose value is not allowed (or that no vertical of the run knows); the message is one line."""


class Refused(Exception):
    """Raised by a `Kind` with what is wrong with a value; `check` turns it into a `SettingError`."""


class Kind(ABC):
    """What values a setting takes: `convert` returns the normalised value or raises `Refused`; `allowed` says
    which in words."""

    @property
    @abstractmethod
    def allowed(self) -> str: ...

    @abstractmethod
    def convert(self, value: Any) -> Any: ...


@dataclass(frozen=True)
class WholeNumber(Kind):
    minimum: int = 0
    maximum: int | None = None

    @property
    def allowed(self) -> str:
        if self.maximum is None:
            return f"a whole number >= {self.minimum}"
        return f"a whole number from {self.minimum} to {self.maximum}"

    def convert(self, value: Any) -> int:
        # Environment variables arrive as text; True is an int to Python but never a count.
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Refused("not a whole number")
        if value < self.minimum:
            raise Refused(f"below {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise Refused(f"above {self.maximum}")
        return value


@dataclass(frozen=True)
class Number(Kind):
    """A number above `above` (seconds, rates); `inclusive` allows `above` itself."""

    above: float = 0
    inclusive: bool = False

    @property
    def allowed(self) -> str:
        return f"a number {'>=' if self.inclusive else '>'} {self.above:g}"

    def convert(self, value: Any) -> float:
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise Refused("not a number") from None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise Refused("not a number")
        if value < self.above or (value == self.above and not self.inclusive):
            raise Refused(f"{'below' if self.inclusive else 'not above'} {self.above:g}")
        return float(value)


@dataclass(frozen=True)
class Text(Kind):
    """Text matching `pattern` (described by `description`) or, when `choices` are given, one of them."""

    description: str = "text"
    pattern: str = r".+"
    choices: tuple[str, ...] = ()
    lower: bool = False

    @property
    def allowed(self) -> str:
        if self.choices and len(self.choices) <= 8:
            return f"one of {', '.join(self.choices)}"
        return self.description

    def convert(self, value: Any) -> str:
        if not isinstance(value, str):
            raise Refused("not text")
        text = value.strip().lower() if self.lower else value.strip()
        if self.choices and text not in self.choices:
            raise Refused("not one of the allowed values")
        if not re.fullmatch(self.pattern, text):
            raise Refused("not in the expected form")
        return text


@dataclass(frozen=True)
class OptionalDate(Kind):
    """A calendar date as YYYY-MM-DD or YYYYMMDD (text, an integer from the CLI, or a TOML date), or '' for
    none; normalised to YYYY-MM-DD."""

    @property
    def allowed(self) -> str:
        return "a date YYYY-MM-DD (or YYYYMMDD), or '' for none"

    def convert(self, value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, date) and not isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise Refused("not a date")
        text = str(value).strip()
        try:
            if len(text) == 8 and text.isdigit():
                return date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        raise Refused("not a date")


@dataclass(frozen=True)
class ListOf(Kind):
    """A list of `item`s: a list, a JSON/Python list literal (from the environment) or comma-separated text."""

    item: Kind
    min_items: int = 0

    @property
    def allowed(self) -> str:
        size = {0: "a list", 1: "a non-empty list"}.get(self.min_items, f"a list of {self.min_items}+ items")
        return f"{size}, each {self.item.allowed}"

    def convert(self, value: Any) -> list[Any]:
        items = _as_list(value)
        converted = []
        for item in items:
            try:
                converted.append(self.item.convert(item))
            except Refused as refused:
                raise Refused(f"item {item!r}: {refused}") from None
        if len(converted) < self.min_items:
            raise Refused("empty" if not converted else f"fewer than {self.min_items} items")
        return list(dict.fromkeys(converted))


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    if not isinstance(value, str):
        raise Refused("not a list")
    text = value.strip()
    if text.startswith("["):
        for parse in (json.loads, ast.literal_eval):
            try:
                parsed = parse(text)
            except (ValueError, SyntaxError):
                continue
            if isinstance(parsed, list):
                return parsed
        raise Refused("not a list")
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True)
class Setting:
    """One parameter of a vertical: its name, the values it takes, its code default and what it means."""

    name: str
    kind: Kind
    default: Any
    meaning: str

    def check(self, value: Any, origin: str) -> Any:
        """`value` normalised, or `SettingError` naming `origin` (where the value came from), the value and what
        is allowed. A setting whose default is unset (None) may stay unset."""
        if value is None and self.default is None:
            return None
        try:
            return self.kind.convert(value)
        except Refused as refused:
            raise SettingError(
                f"{origin}={value!r}: {refused}; allowed: {self.kind.allowed} ({self.meaning})"
            ) from None


def check_values(vertical: str, settings: Sequence[Setting], values: Mapping[str, Any]) -> dict[str, Any]:
    """The declared `settings` among `values`, each checked and normalised (named `<vertical>.<name>` in errors);
    values no setting declares pass through unchanged."""
    declared = {setting.name: setting for setting in settings}
    return {
        name: declared[name].check(value, f"{vertical}.{name}") if name in declared else value
        for name, value in values.items()
    }


def check_as_of(value: str | date, origin: str = "as_of_date", today: date | None = None) -> str:
    """A YYYY-MM-DD as-of date that is not in the future (UTC), as text; else `SettingError`."""
    today = today or datetime.now(UTC).date()
    allowed = f"allowed: a date YYYY-MM-DD up to today ({today.isoformat()}, UTC)"
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError:
        raise SettingError(f"{origin}={value!r}: not a date; {allowed}") from None
    if day > today:
        raise SettingError(f"{origin}={value!r}: in the future; {allowed}")
    return day.isoformat()
