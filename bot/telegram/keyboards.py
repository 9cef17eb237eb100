"""Inline keyboards; callback data is `PREFIX:id[:arg]`, under 64 bytes, state on the server."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.desk.inquiries import InquiryResult
from bot.texts import text as t
from replies.categories import Labels, category_label
from storage.models import STATUSES

COPY_LIMIT = 256  # the longest text a CopyTextButton may carry
LEAD_BUTTONS = ("contacted", "awaiting_reply", "won", "lost", "invalid")


def _button(label: str, data: str) -> InlineKeyboardButton:
    assert len(data.encode()) <= 64, data  # Telegram's limit on callback data
    return InlineKeyboardButton(label, callback_data=data)


def suggestion(
    result: InquiryResult, locale: str, channel: str, labels: Labels | None = None
) -> InlineKeyboardMarkup:
    """✅1/2/3, copy buttons, more wordings, comment version, lead, category, new customer."""
    rows: list[list[InlineKeyboardButton]] = []
    ids = result.suggestion_ids
    rows.append([_button(f"✅{n}", f"use:{sid}") for n, sid in enumerate(ids, start=1)])
    copies = []
    for n, reply in enumerate(result.suggestion.replies, start=1):
        text = reply.safe_text if channel == "comment" else reply.text
        if len(text) <= COPY_LIMIT:
            copies.append(InlineKeyboardButton(f"📋{n}", copy_text=CopyTextButton(text)))
    if copies:
        rows.append(copies)
    inquiry = result.inquiry_id
    other = "dm" if channel == "comment" else "comment"
    rows.append([
        _button(t(locale, "tg.btn.more"), f"more:{inquiry}:{channel}"),
        _button(t(locale, f"tg.btn.channel.{other}"), f"more:{inquiry}:{other}"),
    ])  # fmt: skip
    rows.append([
        _button(t(locale, "tg.btn.lead"), f"lead:{inquiry}"),
        _button(t(locale, "tg.btn.category"), f"cats:{inquiry}"),
        _button(t(locale, "tg.btn.new"), "new:0"),
    ])  # fmt: skip
    classification = result.suggestion.classification
    if classification.best is not None and not classification.confident:
        top = [classification.best.category, *(c for c, _ in classification.alternatives)][:3]
        label = lambda c: category_label(c, locale, labels)  # noqa: E731
        rows.insert(0, [_button(label(c), f"cat:{inquiry}:{c}") for c in top])
    return InlineKeyboardMarkup(rows)


def categories(
    inquiry_id: int, names: Sequence[str], locale: str, labels: Labels | None = None
) -> InlineKeyboardMarkup:
    """Every category, two per row, to answer the inquiry from another one."""
    buttons = [_button(category_label(c, locale, labels), f"cat:{inquiry_id}:{c}") for c in names]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def confirm(version: int, locale: str) -> InlineKeyboardMarkup:
    """Confirm / cancel a lead card (the version the card shows)."""
    return InlineKeyboardMarkup([[
        _button(t(locale, "tg.btn.confirm"), f"ok:{version}"),
        _button(t(locale, "tg.btn.cancel"), "no:0"),
    ]])  # fmt: skip


def lead(clue: str, locale: str) -> InlineKeyboardMarkup:
    """Status buttons on a lead card."""
    assert set(LEAD_BUTTONS) <= set(STATUSES)
    buttons = [_button(t(locale, f"status.{s}"), f"st:{clue}:{s}") for s in LEAD_BUTTONS]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])


def accounts(codes: Sequence[str], current: str) -> InlineKeyboardMarkup:
    """One button per configured account."""
    return InlineKeyboardMarkup(
        [[_button(("● " if c == current else "") + c, f"acct:{c}") for c in codes]]
    )


def pages(prefix: str, page: int, more: bool, locale: str) -> InlineKeyboardMarkup | None:
    """Previous / next buttons for a paged list."""
    row = []
    if page > 0:
        row.append(_button(t(locale, "tg.btn.prev"), f"{prefix}:{page - 1}"))
    if more:
        row.append(_button(t(locale, "tg.btn.next"), f"{prefix}:{page + 1}"))
    return InlineKeyboardMarkup([row]) if row else None


def undo(example_ids: Sequence[int], locale: str) -> InlineKeyboardMarkup:
    """One undo button per listed correction."""
    label = t(locale, "tg.btn.undo")
    buttons = [_button(f"{label} #{n}", f"exu:{n}") for n in example_ids]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


FOLLOWUP_ACTIONS = ("sent", "replied", "won", "lost", "snooze")


def followup(thread: int, anchor: int, step: int, locale: str) -> InlineKeyboardMarkup:
    """Sent / customer replied / won / lost / snooze, at the step the reminder was shown."""
    buttons = [
        _button(t(locale, f"fu.btn.{action}"), f"fu:{action}:{thread}:{anchor}:{step}")
        for action in FOLLOWUP_ACTIONS
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:4], buttons[4:]])


def reopen(thread: int, locale: str) -> InlineKeyboardMarkup:
    """Reopen a thread that has gone cold."""
    return InlineKeyboardMarkup([[_button(t(locale, "fu.btn.reopen"), f"fu:reopen:{thread}")]])
