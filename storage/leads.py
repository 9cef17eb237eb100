"""The lead table (客资表): numbered leads, their status, notes and history."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.clues import CLUE_LIMIT, format_clue, next_seq, validate_clue_format
from storage.errors import InvalidValue, NotFound
from storage.lead_fields import EDITABLE, check_note, clean_fields
from storage.lead_search import find_duplicates, find_leads, list_leads
from storage.models import STATUSES, Lead, LeadEvent
from storage.records import LeadEventRecord, LeadRecord, lead_event_record, lead_record
from storage.types import require_aware, require_choice

__all__ = [
    "add_lead", "add_note", "edit_lead", "find_duplicates", "find_leads", "get_lead",
    "list_events", "list_leads", "set_status",
]  # fmt: skip

logger = logging.getLogger(__name__)


def add_lead(
    session: Session,
    *,
    account_id: int,
    account_code: str,
    local_day: date,
    now: datetime,
    clue_format: str,
    red_nickname: str = "",
    need: str = "",
    city: str | None = None,
    wechat: str | None = None,
    phone: str | None = None,
    headcount: int | None = None,
    budget_per_head: int | None = None,
    budget_total: int | None = None,
    month: int | None = None,
    source: str = "dm",
    notes: str = "",
    operator_id: int | None = None,
    inquiry_id: int | None = None,
    script_id: str | None = None,
) -> LeadRecord:
    """Insert a lead with the next clue number of its account and local day."""
    require_aware(now, "now")
    validate_clue_format(clue_format)
    fields = dict(locals())  # the lead's own fields, checked together before any write
    values = clean_fields({name: fields[name] for name in EDITABLE})
    notes = check_note(notes) if notes.strip() else ""
    seq = next_seq(session, account_id=account_id, local_day=local_day)
    clue = format_clue(clue_format, account=account_code, day=local_day, seq=seq)
    if len(clue) > CLUE_LIMIT:
        shown = clue if len(clue) <= CLUE_LIMIT * 2 else clue[: CLUE_LIMIT * 2] + "…"
        raise InvalidValue(f"clue number {shown!r} is longer than {CLUE_LIMIT} characters")
    row = Lead(
        clue_number=clue, account_id=account_id, local_day=local_day, seq=seq,
        created_at=now, status="new", notes=notes, operator_id=operator_id,
        inquiry_id=inquiry_id, **values,
    )  # fmt: skip
    session.add(row)
    _flush(session, f"lead {clue}")
    _event(session, row, now, "created", operator_id, new_status="new")
    return lead_record(row)


def get_lead(session: Session, *, clue_number: str) -> LeadRecord:
    """The lead with this clue number; NotFound if there is none."""
    return lead_record(_lead_row(session, clue_number, lock=False))


def set_status(
    session: Session,
    *,
    clue_number: str,
    status: str,
    operator_id: int | None,
    now: datetime,
    deal_value: int | None = None,
) -> LeadRecord:
    """Move a lead to a status (and record a deal value); the change is logged as an event."""
    require_choice(status, STATUSES, "status")
    require_aware(now, "now")
    if deal_value is not None and (isinstance(deal_value, bool) or deal_value < 0):
        raise InvalidValue(
            f"deal value must be a non-negative whole number, got {deal_value!r}",
            "bad_deal_value",
            value=deal_value,
        )
    row = _lead_row(session, clue_number, lock=True)
    old = row.status
    row.status = status
    if deal_value is not None:
        row.deal_value = deal_value
    note = None if deal_value is None else f"deal_value={deal_value}"
    _event(session, row, now, "status", operator_id, old_status=old, new_status=status, note=note)
    return lead_record(row)


def add_note(
    session: Session, *, clue_number: str, note: str, operator_id: int | None, now: datetime
) -> LeadRecord:
    """Append a note (up to 10 000 characters) to a lead and log it as an event."""
    note = check_note(note)
    require_aware(now, "now")
    row = _lead_row(session, clue_number, lock=True)
    row.notes = f"{row.notes}\n{note}" if row.notes else note
    _event(session, row, now, "note", operator_id, note=note)
    return lead_record(row)


def edit_lead(
    session: Session,
    *,
    clue_number: str,
    changes: Mapping[str, Any],
    operator_id: int | None,
    now: datetime,
) -> LeadRecord:
    """Change some of a lead's fields (lead_fields.EDITABLE); the diff is logged."""
    values = clean_fields(changes)
    require_aware(now, "now")
    row = _lead_row(session, clue_number, lock=True)
    diff = [f"{k}: {getattr(row, k)!r} -> {v!r}" for k, v in values.items() if getattr(row, k) != v]
    if diff:
        for name, value in values.items():
            setattr(row, name, value)
        _event(session, row, now, "edit", operator_id, note="; ".join(diff))
    return lead_record(row)


def list_events(session: Session, *, clue_number: str) -> list[LeadEventRecord]:
    """A lead's history, oldest first; NotFound for an unknown clue number."""
    row = _lead_row(session, clue_number, lock=False)
    query = select(LeadEvent).where(LeadEvent.lead_id == row.id)
    rows = session.scalars(query.order_by(LeadEvent.created_at, LeadEvent.id))
    return [lead_event_record(event) for event in rows]


def _lead_row(session: Session, clue_number: str, *, lock: bool) -> Lead:
    query = select(Lead).where(Lead.clue_number == clue_number)
    if lock:
        # Two operators updating one lead: the second waits and sees the first's status.
        query = query.with_for_update(of=Lead)
    row = session.scalars(query).one_or_none()
    if row is None:
        raise NotFound(f"no lead with clue number {clue_number!r}", "lead", clue=clue_number)
    return row


def _event(
    session: Session, row: Lead, now: datetime, kind: str, operator_id: int | None, **extra: Any
) -> None:
    session.add(
        LeadEvent(lead_id=row.id, created_at=now, kind=kind, operator_id=operator_id, **extra)
    )
    _flush(session, f"{kind} event of lead {row.clue_number}")


def _flush(session: Session, what: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        raise InvalidValue(f"cannot store {what}: {reason}") from exc
