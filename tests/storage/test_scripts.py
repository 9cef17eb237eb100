"""Scripts and their versions on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage import scripts
from storage.errors import InvalidValue, NotFound, StaleVersion

NOW = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
DATA = {
    "category": "price", "accounts": ["TJ"], "channel": "dm",
    "triggers": ["多少钱", "怎么收费", "价格"], "replies": ["a", "b", "c"],
    "hooks": ["报价单"], "tags": [], "status": "active",
}  # fmt: skip


def test_add_update_versions(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        assert scripts.count_scripts(session) == 0
        first = scripts.add_script(
            session, script_id="p1", data=DATA, source="bundled", operator_id=None, now=NOW
        )
    assert first.version == 1 and first.data == DATA
    later = NOW + timedelta(minutes=5)
    with sessions.begin() as session:
        second = scripts.update_script(
            session, script_id="p1", data={**DATA, "status": "retired"}, expected_version=1,
            operator_id=None, now=later, source="team",
        )  # fmt: skip
    assert (second.version, second.status, second.source) == (2, "retired", "team")
    assert second.updated_at == later
    with sessions.begin() as session:
        assert scripts.list_scripts(session) == []
        assert [s.id for s in scripts.list_scripts(session, status=None)] == ["p1"]
        assert scripts.list_scripts(session, status="retired", category="price")[0].version == 2
        history = scripts.list_versions(session, script_id="p1")
        assert [(v.version, v.data["status"]) for v in history] == [(1, "active"), (2, "retired")]
        assert scripts.get_version(session, script_id="p1", version=1).data == DATA
        assert scripts.count_scripts(session) == 1


def test_a_stale_version_changes_nothing(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        scripts.add_script(
            session, script_id="p1", data=DATA, source="file", operator_id=None, now=NOW
        )
        scripts.update_script(
            session, script_id="p1", data={**DATA, "tags": ["x"]}, expected_version=1,
            operator_id=None, now=NOW,
        )  # fmt: skip
    with pytest.raises(StaleVersion) as caught, sessions.begin() as session:
        scripts.update_script(
            session, script_id="p1", data={**DATA, "tags": ["y"]}, expected_version=1,
            operator_id=None, now=NOW,
        )  # fmt: skip
    assert caught.value.values["current"] == 2
    with sessions.begin() as session:
        assert scripts.get_script(session, script_id="p1").data["tags"] == ["x"]
        assert len(scripts.list_versions(session, script_id="p1")) == 2


def test_missing_and_bad_values(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        with pytest.raises(NotFound):
            scripts.get_script(session, script_id="nope")
        with pytest.raises(NotFound):
            scripts.get_version(session, script_id="nope", version=1)
        with pytest.raises(InvalidValue):
            scripts.add_script(
                session, script_id="p", data={**DATA, "status": "gone"}, source="file",
                operator_id=None, now=NOW,
            )  # fmt: skip


def test_add_many_in_one_flush(sessions: sessionmaker[Session]) -> None:
    items = [(f"p{n}", {**DATA, "tags": [str(n)]}) for n in range(3)]
    with sessions.begin() as session:
        added = scripts.add_scripts(session, items=items, source="file", operator_id=None, now=NOW)
    assert added == 3
    with sessions.begin() as session:
        stored = scripts.list_scripts(session)
        assert [(r.id, r.version, r.data["tags"]) for r in stored] == [
            ("p0", 1, ["0"]), ("p1", 1, ["1"]), ("p2", 1, ["2"])
        ]  # fmt: skip
        assert scripts.get_version(session, script_id="p2", version=1).data["tags"] == ["2"]
    with pytest.raises(InvalidValue), sessions.begin() as session:
        scripts.add_scripts(session, items=[("bad", {**DATA, "status": "gone"})], source="file",
                            operator_id=None, now=NOW)  # fmt: skip
    with sessions.begin() as session:
        assert scripts.count_scripts(session) == 3
