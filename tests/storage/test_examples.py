"""Learned examples and version stamps on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage import examples as store
from storage.errors import InvalidValue, NotFound
from tests.storage.conftest import NOW, World


def add(world: World, session, text: str, category: str, account: int | None) -> int:
    return store.add_example(
        session, account_id=account, text=text, normalized=text.lower(), category=category,
        operator_id=world.alice, source="correction", now=NOW,
    ).id  # fmt: skip


def test_add_list_filter_count_and_remove(world: World) -> None:
    with world.sessions.begin() as session:
        first = add(world, session, "Quote?", "price", world.tj)
        add(world, session, "有案例吗", "case_study", None)
        add(world, session, "多少钱", "price", world.mz)
    with world.sessions.begin() as session:
        everything = store.list_examples(session)
        assert [e.account_code for e in everything] == ["TJ", None, "MZ"]
        assert everything[0].normalized == "quote?" and everything[0].text == "Quote?"
        assert [e.id for e in store.list_examples(session, account_id=world.tj)] == [first]
        assert len(store.list_examples(session, category="price")) == 2
        newest = store.list_examples(session, newest_first=True, limit=1)
        assert newest[0].text == "多少钱"
        assert store.counts_by_category(session) == {"price": 2, "case_study": 1}
        removed = store.remove_example(session, example_id=first, now=NOW + timedelta(hours=1))
        assert removed.removed_at == NOW + timedelta(hours=1)
    with world.sessions.begin() as session:
        assert first not in [e.id for e in store.list_examples(session)]
        assert store.counts_by_category(session, account_id=world.tj) == {}
        with pytest.raises(NotFound) as caught:
            store.remove_example(session, example_id=first, now=NOW)
        assert caught.value.code == "example" and caught.value.values == {"id": first}
        with pytest.raises(InvalidValue):
            store.add_example(
                session, account_id=None, text="x", normalized="x", category="price",
                operator_id=None, source="telepathy", now=NOW,
            )  # fmt: skip


def test_stamps_start_at_zero_and_count_each_bump(world: World) -> None:
    with world.sessions.begin() as session:
        assert store.read_stamp(session, name="examples") == 0
        assert store.bump_stamp(session, name="examples") == 1
        assert store.bump_stamp(session, name="examples") == 2
        assert store.bump_stamp(session, name="scripts") == 1
    with world.sessions.begin() as session:
        assert store.read_stamp(session, name="examples") == 2
