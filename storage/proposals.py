"""Proposals awaiting a team lead: keyword-only session functions, flush, never commit.

A decision is one conditional UPDATE … WHERE state = 'pending' RETURNING, run in the
transaction that applies the change: of two leads deciding at once, exactly one gets
the row back; the other finds it decided and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.errors import NotFound
from storage.models import PROPOSAL_KINDS, PROPOSAL_STATES, Operator, ProposalRow
from storage.types import require_aware, require_choice

PENDING = "pending"


@dataclass(frozen=True, slots=True)
class ProposalRecord:
    """One proposal: what, for which script, by whom, and how it was decided."""

    id: int
    kind: str
    script_id: str
    payload: Mapping[str, Any]
    base_version: int | None
    proposed_by: int
    state: str
    decided_by: int | None
    decided_at: datetime | None
    reason: str | None
    created_at: datetime


def _record(row: ProposalRow) -> ProposalRecord:
    return ProposalRecord(
        row.id, row.kind, row.script_id, dict(row.payload), row.base_version, row.proposed_by,
        row.state, row.decided_by, row.decided_at, row.reason, row.created_at,
    )  # fmt: skip


def add_proposal(
    session: Session,
    *,
    kind: str,
    script_id: str,
    payload: Mapping[str, Any],
    base_version: int | None,
    operator_id: int,
    now: datetime,
) -> ProposalRecord:
    """Store a new pending proposal."""
    row = ProposalRow(
        kind=require_choice(kind, PROPOSAL_KINDS, "proposal_kind"), script_id=script_id,
        payload=dict(payload), base_version=base_version, proposed_by=operator_id,
        state=PENDING, created_at=require_aware(now, "now"),
    )  # fmt: skip
    session.add(row)
    session.flush()
    return _record(row)


def set_script_id(session: Session, *, proposal_id: int, script_id: str) -> ProposalRecord:
    """Name the new script of a proposal (its id may come from the proposal's own id)."""
    row = _row(session, proposal_id)
    row.script_id = script_id
    session.flush()
    return _record(row)


def _row(session: Session, proposal_id: int) -> ProposalRow:
    row = session.get(ProposalRow, proposal_id)
    if row is None:
        raise NotFound(f"no proposal {proposal_id}", "proposal", id=proposal_id)
    return row


def get_proposal(session: Session, *, proposal_id: int) -> ProposalRecord:
    """One proposal; NotFound if there is none."""
    return _record(_row(session, proposal_id))


def list_proposals(session: Session, *, state: str | None = PENDING) -> list[ProposalRecord]:
    """Proposals oldest first (of one state; None: all)."""
    query = select(ProposalRow).order_by(ProposalRow.id)
    if state is not None:
        query = query.where(ProposalRow.state == require_choice(state, PROPOSAL_STATES, "state"))
    return [_record(row) for row in session.scalars(query)]


def decide(
    session: Session,
    *,
    proposal_id: int,
    state: str,
    operator_id: int,
    now: datetime,
    reason: str | None = None,
) -> ProposalRecord | None:
    """Approve or reject a pending proposal; None when it was decided already.

    The WHERE on the state makes this a compare-and-set: a second decider waits for the
    first's row lock (PostgreSQL) or write lock (SQLite), then matches nothing.
    """
    require_choice(state, PROPOSAL_STATES[1:], "decision")
    done = session.execute(
        update(ProposalRow)
        .where(ProposalRow.id == proposal_id, ProposalRow.state == PENDING)
        .values(
            state=state, decided_by=operator_id, decided_at=require_aware(now, "now"), reason=reason
        )
        .returning(ProposalRow.id)
        .execution_options(synchronize_session=False)
    ).scalar()
    if done is None:
        _row(session, proposal_id)  # NotFound for an unknown id
        return None
    row = session.get(ProposalRow, proposal_id, populate_existing=True)
    assert row is not None
    return _record(row)


def handles_with_roles(session: Session, *, roles: Iterable[str]) -> dict[str, str]:
    """Handle -> stored role of every operator whose stored role is one of ``roles``."""
    rows = session.execute(
        select(Operator.handle, Operator.role).where(Operator.role.in_(list(roles)))
    )
    return {handle: role for handle, role in rows}


def handles_of(session: Session, *, ids: Iterable[int]) -> dict[int, str]:
    """Handles of these operators, by id."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(Operator.id, Operator.handle).where(Operator.id.in_(wanted)))
    return {operator_id: handle for operator_id, handle in rows}
