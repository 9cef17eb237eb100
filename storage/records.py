"""Frozen dataclasses returned by the session functions; ORM rows never leave storage/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from storage.models import Inquiry, Lead, LeadEvent, LearnedExample, Operator, SuggestionRow


@dataclass(frozen=True, slots=True)
class OperatorRecord:
    """A person using the assistant and their role."""

    id: int
    handle: str
    display_name: str
    role: str


@dataclass(frozen=True, slots=True)
class SuggestionRecord:
    """One reply text shown for an inquiry and whether it was used."""

    id: int
    inquiry_id: int
    account_id: int
    script_id: str
    position: int
    text: str
    text_key: str
    used: bool
    used_at: datetime | None
    created_at: datetime
    hook: str | None = None


@dataclass(frozen=True, slots=True)
class InquiryRecord:
    """One pasted inquiry, its classification and the thread it belongs to."""

    id: int
    account_id: int
    operator_id: int | None
    channel: str
    text: str
    category: str | None
    script_id: str | None
    score: float
    confident: bool
    created_at: datetime
    thread_id: int | None
    position: int | None
    account_code: str = ""


@dataclass(frozen=True, slots=True)
class LeadRecord:
    """One lead (客资) with its clue number (线索编号)."""

    id: int
    clue_number: str
    account_id: int
    account_code: str
    local_day: date
    seq: int
    created_at: datetime
    red_nickname: str
    need: str
    city: str | None
    wechat: str | None
    phone: str | None
    headcount: int | None
    budget_per_head: int | None
    budget_total: int | None
    month: int | None
    source: str
    status: str
    deal_value: int | None
    notes: str
    operator_id: int | None
    inquiry_id: int | None
    script_id: str | None


@dataclass(frozen=True, slots=True)
class LeadEventRecord:
    """One change in a lead's history."""

    id: int
    lead_id: int
    created_at: datetime
    kind: str
    old_status: str | None
    new_status: str | None
    note: str | None
    operator_id: int | None


def operator_record(row: Operator) -> OperatorRecord:
    """Copy an Operator row into its record."""
    return OperatorRecord(row.id, row.handle, row.display_name, row.role)


def suggestion_record(row: SuggestionRow) -> SuggestionRecord:
    """Copy a suggestion row into its record."""
    return SuggestionRecord(
        row.id, row.inquiry_id, row.account_id, row.script_id, row.position, row.text,
        row.text_key, row.used, row.used_at, row.created_at, row.hook,
    )  # fmt: skip


def inquiry_record(row: Inquiry, account_code: str = "") -> InquiryRecord:
    """Copy an Inquiry row (and its account's code) into its record."""
    return InquiryRecord(
        row.id, row.account_id, row.operator_id, row.channel, row.text, row.category,
        row.script_id, row.score, row.confident, row.created_at, row.thread_id, row.position,
        account_code,
    )  # fmt: skip


def lead_record(row: Lead) -> LeadRecord:
    """Copy a Lead row (with its account) into its record."""
    return LeadRecord(
        row.id, row.clue_number, row.account_id, row.account.code, row.local_day, row.seq,
        row.created_at, row.red_nickname, row.need, row.city, row.wechat, row.phone,
        row.headcount, row.budget_per_head, row.budget_total, row.month, row.source,
        row.status, row.deal_value, row.notes, row.operator_id, row.inquiry_id, row.script_id,
    )  # fmt: skip


def lead_event_record(row: LeadEvent) -> LeadEventRecord:
    """Copy a LeadEvent row into its record."""
    return LeadEventRecord(
        row.id, row.lead_id, row.created_at, row.kind, row.old_status, row.new_status,
        row.note, row.operator_id,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """One customer thread: whose, how many messages, its lead, its first message."""

    id: int
    account_id: int
    account_code: str
    operator_id: int
    messages: int
    lead_id: int | None
    created_at: datetime
    last_at: datetime
    first_text: str


@dataclass(frozen=True, slots=True)
class ExampleRecord:
    """One learned example: who taught which category for which text, and when."""

    id: int
    account_id: int | None
    account_code: str | None  # None: the example counts for every account
    text: str
    normalized: str
    category: str
    operator_id: int | None
    source: str
    created_at: datetime
    removed_at: datetime | None


def example_record(row: LearnedExample, account_code: str | None) -> ExampleRecord:
    """Copy a LearnedExample row (and its account's code) into its record."""
    return ExampleRecord(
        row.id, row.account_id, account_code, row.text, row.normalized, row.category,
        row.operator_id, row.source, row.created_at, row.removed_at,
    )  # fmt: skip
