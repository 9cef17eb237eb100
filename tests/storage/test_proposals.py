"""Proposals and custom categories on SQLite and PostgreSQL: a decision is taken once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from storage import categories, proposals
from storage.errors import InvalidValue, NotFound
from tests.storage.conftest import NOW, World

DECIDERS = 4


def _propose(world: World, **kw: object) -> proposals.ProposalRecord:
    values = {"kind": "trigger", "script_id": "p1", "payload": {"texts": ["学生价"]},
              "base_version": 3, "operator_id": world.alice, "now": NOW, **kw}  # fmt: skip
    with world.sessions.begin() as session:
        return proposals.add_proposal(session, **values)  # type: ignore[arg-type]


def test_add_list_decide_once(world: World) -> None:
    first = _propose(world)
    second = _propose(world, kind="script", script_id="", base_version=None)
    assert (first.state, first.base_version, first.payload) == ("pending", 3, {"texts": ["学生价"]})
    later = NOW + timedelta(minutes=3)
    with world.sessions.begin() as session:
        named = proposals.set_script_id(session, proposal_id=second.id, script_id="price-p2")
        done = proposals.decide(session, proposal_id=first.id, state="rejected",
                                operator_id=world.alice, now=later, reason="重复")  # fmt: skip
        assert named.script_id == "price-p2"
        assert done is not None and (done.state, done.reason, done.decided_at) == (
            "rejected", "重复", later,
        )  # fmt: skip
        again = proposals.decide(session, proposal_id=first.id, state="approved",
                                 operator_id=world.alice, now=later)  # fmt: skip
        assert again is None
        assert [p.id for p in proposals.list_proposals(session)] == [second.id]
        assert len(proposals.list_proposals(session, state=None)) == 2
        assert proposals.handles_of(session, ids=[world.alice]) == {world.alice: "terminal:alice"}
        assert proposals.handles_with_roles(session, roles=["lead"]) == {}
        with pytest.raises(NotFound):
            proposals.decide(session, proposal_id=999, state="approved", operator_id=world.alice,
                             now=later)  # fmt: skip
        with pytest.raises(InvalidValue):
            proposals.decide(session, proposal_id=second.id, state="pending",
                             operator_id=world.alice, now=later)  # fmt: skip
    with pytest.raises(InvalidValue):
        _propose(world, kind="hook")


def test_deciders_at_once_decide_once(world: World) -> None:
    """Several transactions decide one proposal together: exactly one gets it."""
    proposal = _propose(world)
    start = threading.Barrier(DECIDERS)
    won: list[str] = []

    def decide(state: str) -> None:
        start.wait()
        with world.sessions.begin() as session:
            if proposals.decide(session, proposal_id=proposal.id, state=state,
                                operator_id=world.alice, now=NOW) is not None:  # fmt: skip
                won.append(state)

    states = ["approved", "rejected"] * (DECIDERS // 2)
    threads = [threading.Thread(target=decide, args=(s,)) for s in states]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    with world.sessions.begin() as session:
        assert proposals.get_proposal(session, proposal_id=proposal.id).state == won[0]


def test_custom_categories(world: World) -> None:
    with world.sessions.begin() as session:
        added = categories.add_category(
            session, category_id="visa", label_zh="签证", label_en=None, operator_id=world.alice,
            now=NOW,
        )  # fmt: skip
        categories.add_category(session, category_id="hotel", label_zh="住宿", label_en="Hotel",
                                operator_id=None, now=NOW + timedelta(seconds=1))  # fmt: skip
    assert (added.id, added.label_zh, added.label_en, added.created_by) == (
        "visa", "签证", None, world.alice,
    )  # fmt: skip
    with pytest.raises(InvalidValue) as caught, world.sessions.begin() as session:
        categories.add_category(session, category_id="visa", label_zh="又一个", label_en=None,
                                operator_id=None, now=NOW)  # fmt: skip
    assert caught.value.code == "category_exists"
    with world.sessions.begin() as session:
        listed = categories.list_categories(session)
    assert [(c.id, c.label_zh, c.label_en) for c in listed] == [
        ("visa", "签证", None), ("hotel", "住宿", "Hotel"),
    ]  # fmt: skip
