"""The terminal's lead screens: one more front-end of the lead use cases.

The dialogue asks only for what the thread does not know, shows the card with any
duplicate warning before saving, and logs through ``desk.leads`` like any front-end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from bot.chatio import ChatIO
from bot.desk import Actor, Desk
from bot.desk import leads as lead_cases
from bot.desk.reports import DaySummary
from bot.errors import UsageError
from bot.format import printable
from bot.texts import labelled
from bot.texts import text as t
from replies.categories import category_label
from replies.extract import mobile_number
from storage.models import STATUSES
from storage.records import LeadRecord

ASKED = ("red_nickname", "phone", "wechat", "city", "need")
LIST_COLUMNS = ("clue_number", "red_nickname", "need", "city", "phone", "wechat", "status")
YES = ("", "y", "yes", "是", "好", "确认")


def log_from_thread(
    io: ChatIO, desk: Desk, actor: Actor, *, account: str, thread_id: int | None, source: str
) -> LeadRecord | None:
    """Prefill from the thread, ask only for what is missing, confirm, log."""
    values = lead_cases.draft(desk, thread_id=thread_id)
    for field in ASKED:
        if not values.get(field):
            answer = _ask_field(io, field)
            if answer:
                values[field] = answer
    checked = lead_cases.check(desk, account=account, fields=values)
    _print_values(io, checked.values)
    if checked.duplicates:
        io.say("lead.duplicate", "yellow", clues=", ".join(checked.duplicates))
    if io.question("lead.confirm").lower() not in YES:
        io.say("lead.cancelled", "yellow")
        return None
    outcome = lead_cases.log(
        desk, actor=actor, account=account, fields=checked.values, source=source,
        thread_id=thread_id,
    )  # fmt: skip
    io.say("lead.logged", "bold green", clue=outcome.lead.clue_number)
    return outcome.lead


def _ask_field(io: ChatIO, field: str) -> str:
    """Ask for one missing field; a phone is asked again until it is one (or skipped)."""
    label = t(io.locale, f"col.{field}")
    while True:
        answer = io.question("lead.ask", label=label, current="")
        if field != "phone" or not answer:
            return answer
        number = mobile_number(answer)
        if number:
            return number
        io.say("lead.bad_phone", "yellow", value=answer)


def _print_values(io: ChatIO, values: Mapping[str, Any]) -> None:
    for field, value in values.items():
        if value not in (None, ""):
            io.print("  " + labelled(io.locale, t(io.locale, f"col.{field}"), value))


def show_and_edit(io: ChatIO, desk: Desk, actor: Actor, clue: str) -> int | None:
    """Show one lead with its history, then change its status or add a note.

    Returns the lead's thread id, so the chat can reopen that customer.
    """
    found = lead_cases.card(desk, clue, actor=actor)
    _print_values(io, lead_fields(found.lead, io.locale))
    for event in found.events:
        change = ""
        if event.new_status:
            old = t(io.locale, f"status.{event.old_status}") if event.old_status else ""
            change = f"{old}→{t(io.locale, f'status.{event.new_status}')}"
        when = event.created_at.astimezone(desk.config.tz)
        kind = t(io.locale, f"event.{event.kind}")
        io.print(f"  · {when:%m-%d %H:%M} {kind} {change} {event.note or ''}", "dim")
    labels = " ".join(t(io.locale, f"status.{s}") for s in STATUSES)
    answer = io.question("lead.edit", statuses=labels)
    if answer:
        _edit(io, desk, actor, found.lead.clue_number, answer)
    return found.thread_id


def _edit(io: ChatIO, desk: Desk, actor: Actor, clue: str, answer: str) -> None:
    try:
        status = lead_cases.status_id(answer)
    except UsageError:
        lead_cases.add_note(desk, clue, answer, actor=actor)
        return io.say("lead.note_added", "green", clue=clue)
    updated = lead_cases.set_status(desk, clue, status, actor=actor)
    io.say(
        "lead.status_set",
        "green",
        clue=updated.clue_number,
        status=t(io.locale, f"status.{status}"),
    )


def lead_fields(lead: LeadRecord, locale: str) -> dict[str, object]:
    """A lead's fields for display, in the playbook's column order."""
    return {
        "clue_number": lead.clue_number,
        "date": lead.local_day.isoformat(),
        "account": lead.account_code,
        "red_nickname": lead.red_nickname,
        "need": lead.need,
        "city": lead.city,
        "wechat": lead.wechat,
        "phone": lead.phone,
        "headcount": lead.headcount,
        "budget_per_head": lead.budget_per_head,
        "budget_total": lead.budget_total,
        "month": lead.month,
        "status": t(locale, f"status.{lead.status}"),
        "notes": lead.notes,
    }


def print_leads(
    io: ChatIO, leads: Sequence[LeadRecord], *, empty: str = "lead.none", **values: object
) -> None:
    """A table of leads (or a note that there are none)."""
    if not leads:
        return io.say(empty, "yellow", **{k: printable(str(v)) for k, v in values.items()})
    table = Table()
    for column in LIST_COLUMNS:
        table.add_column(t(io.locale, f"col.{column}"))
    for lead in leads:
        row = lead_fields(lead, io.locale)
        # Text, not str: a nickname such as "[/x]" is no rich markup (it would raise).
        table.add_row(*(Text(_cell(row[c])) for c in LIST_COLUMNS))
    io.console.print(table)


def _cell(value: object) -> str:
    return "" if value is None else printable(str(value))[:30]


def print_today(io: ChatIO, summary: DaySummary) -> None:
    """Inquiries per category and leads per account for today."""
    io.say("today.title", "bold", day=summary.day.isoformat())
    table = Table(title=t(io.locale, "today.categories"))
    table.add_column(t(io.locale, "category"))
    table.add_column("#", justify="right")
    for category, count in sorted(summary.categories.items(), key=lambda kv: -kv[1]):
        label = category_label(category, io.locale) if category else t(io.locale, "unmatched")
        table.add_row(label, str(count))
    io.console.print(table)
    leads = (
        "  ".join(labelled(io.locale, code, n) for code, n in sorted(summary.leads.items())) or "0"
    )
    io.print(labelled(io.locale, t(io.locale, "today.leads"), leads))
