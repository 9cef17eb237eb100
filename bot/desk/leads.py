"""Leads (客资): drafts from a customer thread, checks before saving, logging, updates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.threads import view_of
from bot.errors import LeadRejected, UsageError
from replies import phones
from storage import leads as lead_store
from storage import threads as thread_store
from storage import usage
from storage.lead_fields import LEAD_FIELDS
from storage.models import STATUSES
from storage.records import InquiryRecord, LeadEventRecord, LeadRecord
from storage.types import clean_text

CONTACTS = ("red_nickname", "phone", "wechat")
NEED_LIMIT = 200


@dataclass(frozen=True)
class LeadCheck:
    """A lead as it would be saved, and earlier leads it may duplicate (before saving)."""

    values: Mapping[str, Any]
    duplicates: tuple[str, ...]


@dataclass(frozen=True)
class LeadOutcome:
    """A logged lead and earlier leads of the same account it may duplicate."""

    lead: LeadRecord
    duplicates: tuple[str, ...]


@dataclass(frozen=True)
class LeadCard:
    """One lead, its history, and the thread it was logged from."""

    lead: LeadRecord
    events: tuple[LeadEventRecord, ...]
    thread_id: int | None


def draft(desk: Desk, *, thread_id: int | None) -> dict[str, Any]:
    """Lead fields prefilled from everything the customer said in the thread."""
    if thread_id is None:
        return {}
    with desk.transaction() as session:
        view = view_of(session, thread_id)
        texts = [text for text, _ in thread_store.thread_messages(session, thread_id=thread_id)]
    values: dict[str, Any] = {k: v for k, v in view.fields.as_dict().items() if v is not None}
    values["need"] = " / ".join(texts)[:NEED_LIMIT]
    return values


def check(desk: Desk, *, account: str, fields: Mapping[str, Any]) -> LeadCheck:
    """Validate a lead and find possible duplicates, writing nothing (the confirmation card)."""
    with desk.transaction() as session:
        return check_in(session, desk, account=account, fields=fields)


def check_in(session: Session, desk: Desk, *, account: str, fields: Mapping[str, Any]) -> LeadCheck:
    """``check`` inside the caller's transaction."""
    values = _values(fields)
    return LeadCheck(values, tuple(_duplicates(session, desk, account, values)))


def log(
    desk: Desk,
    *,
    actor: Actor,
    account: str,
    fields: Mapping[str, Any],
    notes: str = "",
    source: str = "dm",
    thread_id: int | None = None,
    script_id: str | None = None,
) -> LeadOutcome:
    """Log a lead with the next clue number; ties the thread to it.

    The script credited is ``script_id`` if given, else the one that answered the
    thread's latest message.
    """
    with desk.transaction() as session:
        return log_in(
            session, desk, actor=actor, account=account, fields=fields, notes=notes,
            source=source, thread_id=thread_id, script_id=script_id,
        )  # fmt: skip


def log_in(
    session: Session,
    desk: Desk,
    *,
    actor: Actor,
    account: str,
    fields: Mapping[str, Any],
    notes: str = "",
    source: str = "dm",
    thread_id: int | None = None,
    script_id: str | None = None,
) -> LeadOutcome:
    """``log`` inside the caller's transaction."""
    values = _values(fields)
    code = desk.account(account).code
    operator = access.require(session, actor, "log_lead", floors=desk.floors)
    duplicates = _duplicates(session, desk, code, values)
    inquiry = _last_inquiry(session, thread_id)
    lead = lead_store.add_lead(
        session, account_id=desk.account_id(session, code), account_code=code,
        local_day=desk.today(), now=desk.now(), clue_format=desk.config.clue_format,
        source=source, operator_id=operator.id, notes=notes,
        inquiry_id=inquiry.id if inquiry else None,
        script_id=script_id or (inquiry.script_id if inquiry else None), **values,
    )  # fmt: skip
    if thread_id is not None:
        thread_store.tie_lead(session, thread_id=thread_id, lead_id=lead.id)
    return LeadOutcome(lead, tuple(duplicates))


def card(desk: Desk, clue_number: str, *, actor: Actor) -> LeadCard:
    """A lead, its history and its thread."""
    with desk.transaction() as session:
        access.require(session, actor, "view_leads", floors=desk.floors)
        lead = lead_store.get_lead(session, clue_number=_clue(clue_number))
        events = lead_store.list_events(session, clue_number=lead.clue_number)
        return LeadCard(lead, tuple(events), thread_store.thread_of_lead(session, lead_id=lead.id))


def set_status(
    desk: Desk, clue_number: str, status: str, *, actor: Actor, deal_value: int | None = None
) -> LeadRecord:
    """Move a lead to a new status (an id or a label in any locale; won may carry a value)."""
    with desk.transaction() as session:
        return set_status_in(session, desk, clue_number, status, actor=actor, deal_value=deal_value)


def set_status_in(
    session: Session,
    desk: Desk,
    clue_number: str,
    status: str,
    *,
    actor: Actor,
    deal_value: int | None = None,
) -> LeadRecord:
    """``set_status`` inside the caller's transaction."""
    wanted = status_id(status)
    operator = _may_update(session, desk, actor, clue_number)
    return lead_store.set_status(
        session, clue_number=_clue(clue_number), status=wanted, operator_id=operator,
        now=desk.now(), deal_value=deal_value,
    )  # fmt: skip


def add_note(desk: Desk, clue_number: str, note: str, *, actor: Actor) -> LeadRecord:
    """Append a note to a lead."""
    with desk.transaction() as session:
        operator = _may_update(session, desk, actor, clue_number)
        return lead_store.add_note(
            session, clue_number=_clue(clue_number), note=note, operator_id=operator,
            now=desk.now(),
        )  # fmt: skip


def find(desk: Desk, query: str, *, actor: Actor, account: str | None = None) -> list[LeadRecord]:
    """Leads whose phone, WeChat, nickname or clue number matches."""
    wanted = clean_text(query).strip()
    if not wanted:
        raise UsageError("a search needs a keyword", "find_needs_query")
    wanted = phones.normalise(wanted) or wanted  # "138-1234-5678" finds 13812345678
    with desk.transaction() as session:
        access.require(session, actor, "view_leads", floors=desk.floors)
        account_id = desk.existing_account_id(session, account) if account else None
        return lead_store.find_leads(session, query=wanted, account_id=account_id)


def listing(
    desk: Desk,
    *,
    actor: Actor,
    day_from: date | None = None,
    day_to: date | None = None,
    account: str | None = None,
) -> list[LeadRecord]:
    """Leads logged between two local days (inclusive), oldest first."""
    with desk.transaction() as session:
        access.require(session, actor, "view_leads", floors=desk.floors)
        account_id = desk.existing_account_id(session, account) if account else None
        if account and account_id is None:
            return []
        return lead_store.list_leads(
            session, account_id=account_id, day_from=day_from, day_to=day_to
        )


def status_id(value: str) -> str:
    """A status id from an id or a label in any locale ("won", "已成交"); UsageError if none."""
    from bot.texts import LOCALES

    wanted = value.strip()
    for status in STATUSES:
        labels = {status, *(table[f"status.{status}"] for table in LOCALES.values())}
        if wanted in labels or wanted.lower() in labels:
            return status
    raise UsageError(f"unknown status {value!r}", "bad_status", value=value)


def _values(fields: Mapping[str, Any]) -> dict[str, Any]:
    # Cleaned first, as storage will: a nickname of zero-width characters is no contact.
    values = {k: clean_text(v).strip() if isinstance(v, str) else v for k, v in fields.items()}
    values = {k: v for k, v in values.items() if k in LEAD_FIELDS and v not in (None, "")}
    if not any(values.get(k) for k in CONTACTS):
        raise LeadRejected("a lead needs a nickname, phone or WeChat", "need_contact")
    if "phone" in values:
        number = phones.normalise(str(values["phone"]))
        if number is None:
            raise LeadRejected(f"bad phone {values['phone']!r}", "bad_phone", value=values["phone"])
        values["phone"] = number
    return values


def _duplicates(session: Session, desk: Desk, code: str, values: Mapping[str, Any]) -> list[str]:
    account_id = desk.existing_account_id(session, code)
    if account_id is None:
        return []
    return lead_store.find_duplicates(
        session, account_id=account_id, phone=values.get("phone"), wechat=values.get("wechat"),
        red_nickname=values.get("red_nickname"),
        since=desk.now() - timedelta(days=desk.config.duplicate_days),
    )  # fmt: skip


def _may_update(session: Session, desk: Desk, actor: Actor, clue_number: str) -> int:
    operator = access.identify(session, actor, floors=desk.floors)
    lead = lead_store.get_lead(session, clue_number=_clue(clue_number))
    action = "update_own_lead" if lead.operator_id == operator.id else "update_any_lead"
    return access.require(session, actor, action, floors=desk.floors).id


def _last_inquiry(session: Session, thread_id: int | None) -> InquiryRecord | None:
    found = thread_store.last_inquiry(session, thread_id=thread_id) if thread_id else None
    return usage.get_inquiry(session, inquiry_id=found) if found else None


def _clue(clue_number: str) -> str:
    return clue_number.strip().upper()
