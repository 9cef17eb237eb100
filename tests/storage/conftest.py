"""Fixtures for the storage tests: two accounts, an operator, fixed moments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storage.accounts import ensure_account, ensure_operator
from storage.clues import DEFAULT_CLUE_FORMAT
from storage.leads import add_lead
from storage.records import LeadRecord

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai
DAY = date(2026, 11, 28)


@dataclass(frozen=True)
class World:
    """Ids of the accounts and operator every storage test starts with."""

    sessions: sessionmaker[Session]
    tj: int
    mz: int
    alice: int

    def lead(self, account: str = "TJ", **fields: Any) -> LeadRecord:
        """Commit one lead on an account (TJ or MZ) with NOW and DAY unless given."""
        with self.sessions.begin() as session:
            return add_lead(session, **_lead_args(self, account, fields))


def _lead_args(world: World, account: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "account_id": world.tj if account == "TJ" else world.mz,
        "account_code": account,
        "local_day": DAY,
        "now": NOW,
        "clue_format": DEFAULT_CLUE_FORMAT,
        **fields,
    }


@pytest.fixture
def world(sessions: sessionmaker[Session]) -> World:
    """A migrated database with accounts TJ and MZ and operator alice."""
    with sessions.begin() as session:
        tj = ensure_account(session, code="TJ", name="天津团建", city="北京")
        mz = ensure_account(session, code="MZ", name="美妆", city="上海")
        alice = ensure_operator(
            session, handle="terminal:alice", display_name="Alice", role="operator"
        )
    return World(sessions, tj, mz, alice)
