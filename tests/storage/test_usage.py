"""Inquiries and suggestions: what was shown, what was used, and how often."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from storage.errors import InvalidValue, NotFound
from storage.usage import (
    log_inquiry,
    log_suggestions,
    mark_used,
    recent_texts,
    used_count_since,
)
from tests.storage.conftest import DAY, NOW, World


def _show(
    session: Session, world: World, texts: list[str], minutes: int, script: str = "p1"
) -> list[int]:
    """Log an inquiry at NOW + minutes and the given texts as its suggestions."""
    inquiry = log_inquiry(
        session, account_id=world.tj, operator_id=world.alice, channel="dm", text="多少钱",
        category="price", script_id=script, score=91.5, confident=True,
        local_day=DAY, now=NOW + timedelta(minutes=minutes),
    )  # fmt: skip
    items = [(text, f"key:{text}") for text in texts]
    return log_suggestions(
        session, inquiry_id=inquiry, account_id=world.tj, script_id=script, items=items
    )


def test_suggestions_keep_order_and_the_inquiry_time(world: World) -> None:
    with world.sessions.begin() as session:
        ids = _show(session, world, ["甲", "乙", "丙"], minutes=5)
        record = mark_used(session, suggestion_id=ids[1], now=NOW + timedelta(minutes=6))
    assert len(ids) == 3
    assert (record.position, record.text, record.text_key, record.used) == (1, "乙", "key:乙", True)
    assert record.created_at == NOW + timedelta(minutes=5)


def test_mark_used_keeps_the_first_use_and_rejects_unknown_ids(world: World) -> None:
    with world.sessions.begin() as session:
        [suggestion] = _show(session, world, ["甲"], minutes=0)
        first = mark_used(session, suggestion_id=suggestion, now=NOW + timedelta(minutes=1))
        again = mark_used(session, suggestion_id=suggestion, now=NOW + timedelta(minutes=9))
        with pytest.raises(NotFound, match="no suggestion with id 424242"):
            mark_used(session, suggestion_id=424242, now=NOW)
    assert first.used_at == again.used_at == NOW + timedelta(minutes=1)


def test_recent_texts_put_used_ones_first_then_newest(world: World) -> None:
    with world.sessions.begin() as session:
        old = _show(session, world, ["A", "B"], minutes=0)
        mid = _show(session, world, ["C", "A"], minutes=10)
        _show(session, world, ["D"], minutes=20)
        _show(session, world, ["X"], minutes=30, script="other")
        mark_used(session, suggestion_id=old[1], now=NOW + timedelta(minutes=1))  # B
        mark_used(session, suggestion_id=mid[0], now=NOW + timedelta(minutes=11))  # C
        texts = recent_texts(session, account_id=world.tj, script_id="p1", limit=10)
        two = recent_texts(session, account_id=world.tj, script_id="p1", limit=2)
        none = recent_texts(session, account_id=world.mz, script_id="p1", limit=10)
    assert texts == ["C", "B", "D", "A"]  # A counts once though it was shown twice
    assert two == ["C", "B"]
    assert none == []


def test_used_count_since_counts_uses_by_key(world: World) -> None:
    with world.sessions.begin() as session:
        ids = _show(session, world, ["甲", "甲", "乙"], minutes=0)
        for minutes, suggestion in zip((1, 30, 40), ids, strict=True):
            mark_used(session, suggestion_id=suggestion, now=NOW + timedelta(minutes=minutes))
        since_start = used_count_since(session, account_id=world.tj, text_key="key:甲", since=NOW)
        later = used_count_since(
            session, account_id=world.tj, text_key="key:甲", since=NOW + timedelta(minutes=10)
        )
        other = used_count_since(session, account_id=world.mz, text_key="key:甲", since=NOW)
    assert (since_start, later, other) == (2, 1, 0)


def test_long_keys_still_compare_equal(world: World) -> None:
    key = "很长的回复" * 300
    with world.sessions.begin() as session:
        inquiry = log_inquiry(
            session, account_id=world.tj, operator_id=None, channel="comment", text="?",
            category="price", script_id="p1", score=50, confident=False, local_day=DAY, now=NOW,
        )  # fmt: skip
        [suggestion] = log_suggestions(
            session, inquiry_id=inquiry, account_id=world.tj, script_id="p1", items=[("t", key)]
        )
        mark_used(session, suggestion_id=suggestion, now=NOW)
        assert used_count_since(session, account_id=world.tj, text_key=key, since=NOW) == 1


def test_unknown_channel_is_refused(world: World) -> None:
    with world.sessions.begin() as session, pytest.raises(InvalidValue, match="unknown channel"):
        log_inquiry(
            session, account_id=world.tj, operator_id=None, channel="email", text="?",
            category="price", script_id=None, score=0, confident=False, local_day=DAY, now=NOW,
        )  # fmt: skip
