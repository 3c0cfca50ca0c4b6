"""Which stored answers a piece of work was served, so it can take them back.

A per-entity transformer whose answer the parsers refuse quarantines that entity and the run goes on; the answer
must not stay in the HTTP cache, or a re-run the same day would be served the same refused answer instead of
asking again (detail endpoints are cached for up to 20 hours). The client notes every answer it serves from, or
puts into, a store on the trail open on its thread; the work that opened the trail forgets them on refusal."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Store(Protocol):
    def delete(self, key: str) -> None: ...


class AnswerTrail:
    def __init__(self) -> None:
        self.answers: list[tuple[Store, str]] = []

    def forget(self) -> None:
        for store, key in self.answers:
            store.delete(key)
        self.answers.clear()


_open = threading.local()


@contextmanager
def answer_trail() -> Iterator[AnswerTrail]:
    """Note the stored answers served on this thread inside the block. dlt runs many transformers' generators
    in one thread, so a trail must not stay open across a `yield`: open it around one step of work."""
    trail = AnswerTrail()
    outer = getattr(_open, "trail", None)
    _open.trail = trail
    try:
        yield trail
    finally:
        _open.trail = outer
        if outer is not None:
            outer.answers.extend(trail.answers)


def note_served(store: Store, key: str) -> None:
    trail = getattr(_open, "trail", None)
    if trail is not None:
        trail.answers.append((store, key))
