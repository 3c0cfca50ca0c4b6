"""The answer trail: a step of work forgets exactly the stored answers it was served, nested steps included."""

from __future__ import annotations

from ingestion.http.trail import answer_trail, note_served


class Store:
    def __init__(self, *keys: str) -> None:
        self.keys = set(keys)

    def delete(self, key: str) -> None:
        self.keys.discard(key)


def test_forgetting_drops_only_the_answers_served_inside_the_trail() -> None:
    store = Store("before", "inside", "after")
    note_served(store, "before")  # no trail open: nothing is noted
    with answer_trail() as trail:
        note_served(store, "inside")
    note_served(store, "after")
    trail.forget()
    assert store.keys == {"before", "after"}


def test_an_inner_trail_hands_its_answers_to_the_outer_one() -> None:
    store = Store("outer", "inner")
    with answer_trail() as outer:
        note_served(store, "outer")
        with answer_trail() as inner:
            note_served(store, "inner")
        assert [key for _, key in inner.answers] == ["inner"]
    assert [key for _, key in outer.answers] == ["outer", "inner"]
    outer.forget()
    assert store.keys == set()
