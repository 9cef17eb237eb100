"""Lead screens of the terminal chat: log, show and edit, list, today's counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from bot.desk import DaySummary
from bot.format import printable
from bot.texts import text as t
from replies.categories import category_label
from replies.extract import mobile_number
from storage.models import STATUSES
from storage.records import LeadRecord

if TYPE_CHECKING:
    from bot.terminal import ChatSession

ASKED = ("red_nickname", "phone", "wechat", "city", "need")
LIST_COLUMNS = ("clue_number", "red_nickname", "need", "city", "phone", "wechat", "status")


def log_from_last(chat: ChatSession) -> None:
    """Prefill from the last inquiry, ask only for what is missing, confirm, log."""
    draft = chat.desk.lead_draft(chat.last)
    for field in ASKED:
        if not draft.get(field):
            answer = _ask_field(chat, field)
            if answer:
                draft[field] = answer
    if not any(draft.get(k) for k in ("red_nickname", "phone", "wechat")):
        return chat.say("lead.need_contact", "yellow")
    _print_record(chat, draft)
    if chat.ask(t(chat.locale, "lead.confirm")).strip().lower() not in ("", "y", "yes", "是", "好"):
        return chat.say("lead.cancelled", "yellow")
    outcome = chat.desk.log_lead(
        actor=chat.actor,
        account=chat.account,
        fields=draft,
        source=chat.channel,
        inquiry=chat.last,
        script_id=_used_script(chat),
    )
    chat.console.print(
        t(chat.locale, "lead.logged", clue=outcome.lead.clue_number), style="bold green"
    )
    if outcome.duplicates:
        chat.say("lead.duplicate", "yellow", clues=", ".join(outcome.duplicates))


def _ask_field(chat: ChatSession, field: str) -> str:
    """Ask for one missing field; a phone is asked again until it is one (or skipped)."""
    label = t(chat.locale, f"col.{field}")
    while True:
        answer = chat.ask(t(chat.locale, "lead.ask", label=label, current="")).strip()
        if field != "phone" or not answer:
            return answer
        number = mobile_number(answer)
        if number:
            return number
        chat.say("lead.bad_phone", "yellow", value=answer)


def _used_script(chat: ChatSession) -> str | None:
    best = chat.last.suggestion.classification.best if chat.last else None
    return best.script_id if best else None


def _print_record(chat: ChatSession, values: dict) -> None:
    for field, value in values.items():
        if value not in (None, ""):
            label = t(chat.locale, f"col.{field}")
            chat.console.print(f"  {label}: {printable(str(value))}", markup=False)


def show_and_edit(chat: ChatSession, clue: str) -> None:
    """Show one lead with its history; then change its status or add a note."""
    lead, events = chat.desk.get_lead(clue.strip().upper())
    _print_record(chat, lead_fields(lead, chat.locale))
    for event in events:
        change = f"{event.old_status or ''}→{event.new_status}" if event.new_status else ""
        when = event.created_at.astimezone(chat.desk.config.tz)
        chat.console.print(
            f"  · {when:%m-%d %H:%M} {event.kind} {change} {printable(event.note or '')}",
            style="dim",
            markup=False,
        )
    statuses = " ".join(STATUSES)
    answer = chat.ask(t(chat.locale, "lead.edit", statuses=statuses)).strip()
    if not answer:
        return
    if answer in STATUSES:
        updated = chat.desk.set_status(lead.clue_number, answer, actor=chat.actor)
        chat.say(
            "lead.status_set",
            "green",
            clue=updated.clue_number,
            status=t(chat.locale, f"status.{answer}"),
        )
    else:
        chat.desk.add_note(lead.clue_number, answer, actor=chat.actor)
        chat.say("lead.note_added", "green", clue=lead.clue_number)


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


def print_leads(chat: ChatSession, leads: Sequence[LeadRecord], query: str = "") -> None:
    """A table of leads (or a note that there are none)."""
    if not leads:
        key = "lead.not_found" if query else "lead.none"
        return chat.say(key, "yellow", query=printable(query))
    table = Table()
    for column in LIST_COLUMNS:
        table.add_column(t(chat.locale, f"col.{column}"))
    for lead in leads:
        row = lead_fields(lead, chat.locale)
        # Text, not str: a nickname such as "[/x]" is no rich markup (it would raise).
        table.add_row(*(Text(_cell(row[c])) for c in LIST_COLUMNS))
    chat.console.print(table)


def _cell(value: object) -> str:
    return "" if value is None else printable(str(value))[:30]


def print_today(chat: ChatSession, summary: DaySummary) -> None:
    """Inquiries per category and leads per account for today."""
    chat.say("today.title", "bold", day=summary.day.isoformat())
    table = Table(title=t(chat.locale, "today.categories"))
    table.add_column(t(chat.locale, "category"))
    table.add_column("#", justify="right")
    for category, count in sorted(summary.categories.items(), key=lambda kv: -kv[1]):
        table.add_row(category_label(category, chat.locale), str(count))
    chat.console.print(table)
    leads = "  ".join(f"{code}: {n}" for code, n in sorted(summary.leads.items())) or "0"
    chat.console.print(f"{t(chat.locale, 'today.leads')}: {leads}", markup=False)
