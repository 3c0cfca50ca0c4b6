"""The on-disk response cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.http import FakeClock, HttpCache, cache_key


def test_cache_key_is_stable_and_ignores_param_order() -> None:
    a = cache_key("get", "https://x.example/a", {"page": "1", "lang": "en"})
    b = cache_key("GET", "https://x.example/a", {"lang": "en", "page": "1"})

    assert a == b
    assert len(a) == 64
    assert a != cache_key("GET", "https://x.example/a", {"lang": "en", "page": "2"})
    assert a != cache_key("GET", "https://x.example/b", {"lang": "en", "page": "1"})


def test_get_respects_the_ttl(tmp_path: Path) -> None:
    clock = FakeClock()
    cache = HttpCache(tmp_path / "http", clock)
    key = cache_key("GET", "https://x.example", {})

    assert cache.get(key, 60.0) is None
    cache.put(key, '{"a": 1}')
    clock.advance(60.0)
    assert cache.get(key, 60.0) == '{"a": 1}'
    clock.advance(0.5)
    assert cache.get(key, 60.0) is None
    assert cache.get(key, 3600.0) == '{"a": 1}'


def test_put_replaces_and_leaves_only_the_entry_behind(tmp_path: Path) -> None:
    cache = HttpCache(tmp_path, FakeClock())
    key = cache_key("GET", "https://x.example", {})

    cache.put(key, "old")
    cache.put(key, "new")

    assert cache.get(key, 1.0) == "new"
    assert [path.name for path in tmp_path.iterdir()] == [f"{key}.json"]


def test_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = HttpCache(tmp_path, FakeClock())
    key = cache_key("GET", "https://x.example", {})
    (tmp_path / f"{key}.json").write_text('{"body": "half')

    assert cache.get(key, 60.0) is None


def test_keys_cannot_escape_the_directory(tmp_path: Path) -> None:
    cache = HttpCache(tmp_path, FakeClock())

    with pytest.raises(ValueError, match="cache keys"):
        cache.put("../outside", "x")
