"""State that outlives one message: exactly-once claims, dialogues, operator prefs.

Every function runs inside the caller's transaction, so a claim commits with the work
it guards, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import Claim, Dialogue, OperatorPrefs
from storage.types import require_aware


@dataclass(frozen=True, slots=True)
class DialogueRecord:
    """A half-done conversation and the version its next change must name."""

    operator_id: int
    chat_id: int
    kind: str
    step: str
    data: dict[str, Any]
    version: int


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def claim(session: Session, *, key: str, now: datetime) -> bool:
    """True if this transaction is the first to claim key (False: it happened already).

    INSERT … ON CONFLICT DO NOTHING RETURNING: a second writer of the same key waits for
    the first to commit and then inserts nothing, so exactly one of them sees True.
    """
    statement = (
        _insert(session)(Claim)
        .values(key=key[:128], created_at=require_aware(now, "now"))
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Claim.key)
    )
    return session.scalar(statement) is not None


def get_dialogue(session: Session, *, operator_id: int, chat_id: int) -> DialogueRecord | None:
    """The operator's open dialogue in a chat, if any."""
    row = session.get(Dialogue, (operator_id, chat_id))
    if row is None:
        return None
    return DialogueRecord(
        row.operator_id, row.chat_id, row.kind, row.step, dict(row.data), row.version
    )


def put_dialogue(
    session: Session,
    *,
    operator_id: int,
    chat_id: int,
    kind: str,
    step: str,
    data: dict[str, Any],
    now: datetime,
    expected: int | None,
) -> int | None:
    """Start (expected None) or advance (expected = version read) a dialogue.

    Compare-and-set: returns the new version, or None when another process changed the
    dialogue since it was read (two quick messages never both take one step).
    """
    now = require_aware(now, "now")
    if expected is None:
        session.execute(
            delete(Dialogue).where(Dialogue.operator_id == operator_id, Dialogue.chat_id == chat_id)
        )
        session.add(Dialogue(
            operator_id=operator_id, chat_id=chat_id, kind=kind, step=step, data=data,
            version=1, updated_at=now,
        ))  # fmt: skip
        session.flush()
        return 1
    found = session.execute(
        update(Dialogue)
        .where(
            Dialogue.operator_id == operator_id,
            Dialogue.chat_id == chat_id,
            Dialogue.version == expected,
        )
        .values(kind=kind, step=step, data=data, version=expected + 1, updated_at=now)
        .returning(Dialogue.version)
    ).scalar()
    return found


def end_dialogue(
    session: Session, *, operator_id: int, chat_id: int, expected: int | None = None
) -> bool:
    """Close a dialogue (only at the expected version, when given); False if it moved."""
    statement = delete(Dialogue).where(
        Dialogue.operator_id == operator_id, Dialogue.chat_id == chat_id
    )
    if expected is not None:
        statement = statement.where(Dialogue.version == expected)
    return (session.execute(statement).rowcount or 0) > 0  # type: ignore[attr-defined]


def get_account(session: Session, *, operator_id: int) -> str | None:
    """The operator's chosen account code, if any."""
    return session.scalar(
        select(OperatorPrefs.account).where(OperatorPrefs.operator_id == operator_id)
    )


def set_account(session: Session, *, operator_id: int, account: str, now: datetime) -> None:
    """Remember the operator's chosen account (an upsert)."""
    values = {"operator_id": operator_id, "account": account, "updated_at": now}
    statement = _insert(session)(OperatorPrefs).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["operator_id"], set_={"account": account, "updated_at": now}
        )
    )
