"""Inline keyboards; callback data is `PREFIX:id[:arg]`, under 64 bytes, state on the server."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.desk.inquiries import InquiryResult
from bot.texts import text as t
from replies.categories import Labels, category_label
from storage.models import STATUSES
from storage.scripts import ScriptRecord

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


# --- the script library (issue 9) ---
REF_LIMIT = 40  # a longer script id travels as a digest (callback data is 64 bytes at most)
SCRIPT_EDITS = ("av", "ev", "at", "rt")  # add variant, edit variant, add/remove trigger


def script_ref(script_id: str) -> str:
    """A script id short enough for callback data (resolved by scripts.resolve_ref)."""
    if len(script_id) <= REF_LIMIT:
        return script_id
    return "#" + hashlib.sha1(script_id.encode()).hexdigest()[:12]


def script_categories(counts: Sequence[tuple[str, int]], locale: str) -> InlineKeyboardMarkup:
    """One button per category with its number of scripts, two per row."""
    buttons = [_button(f"{category_label(c, locale)} ({n})", f"scl:{c}") for c, n in counts]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def script_list(records: Sequence[ScriptRecord], locale: str) -> InlineKeyboardMarkup:
    """One button per script of a category."""
    rows = []
    for record in records:
        mark = "" if record.status == "active" else " ⏸"
        rows.append(
            [_button(f"{record.id} · v{record.version}{mark}", f"sco:{script_ref(record.id)}")]
        )
    return InlineKeyboardMarkup(rows)


def script_card(record: ScriptRecord, locale: str) -> InlineKeyboardMarkup:
    """The edit buttons of a script card (each names the version the card shows)."""
    ref, v = script_ref(record.id), record.version
    names = ("add_variant", "edit_variant", "add_trigger", "remove_trigger")
    edits = [
        _button(t(locale, f"tg.btn.{n}"), f"sce:{a}:{v}:{ref}") for a, n in zip(SCRIPT_EDITS, names)
    ]
    status = ("rs", "restore") if record.status == "retired" else ("re", "retire")
    last = _button(t(locale, f"tg.btn.{status[1]}"), f"sce:{status[0]}:{v}:{ref}")
    return InlineKeyboardMarkup([edits[:2], edits[2:], [last]])


def save_script(version: int, locale: str) -> InlineKeyboardMarkup:
    """Save / cancel under an /addscript preview."""
    return InlineKeyboardMarkup([[
        _button(t(locale, "tg.btn.save"), f"sas:{version}"),
        _button(t(locale, "tg.btn.cancel"), "no:0"),
    ]])  # fmt: skip


def confirm_upload(version: int, locale: str) -> InlineKeyboardMarkup:
    """Confirm / cancel under an upload's preview."""
    return InlineKeyboardMarkup([[
        _button(t(locale, "tg.btn.apply"), f"upok:{version}"),
        _button(t(locale, "tg.btn.cancel"), "no:0"),
    ]])  # fmt: skip


def new_script_categories(names: Sequence[str], locale: str) -> InlineKeyboardMarkup:
    """The category buttons of /addscript's first step."""
    buttons = [_button(category_label(c, locale), f"sac:{c}") for c in names]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])
