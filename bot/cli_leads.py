"""Handlers of `replydesk lead ...` (arguments in cli.py): the lead table without prompts.

Values are checked here, not by argparse, so that a bad one gives a single localised line
on stderr (exit 2, through cli.main) instead of a usage dump.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.config import Config
from bot.errors import UsageError
from bot.format import printable
from bot.texts import labelled
from bot.texts import text as t
from replies.extract import mobile_number, parse_number

if TYPE_CHECKING:  # the database layer loads only when a lead command runs
    from bot.desk import Actor, Desk
    from storage.records import LeadEventRecord, LeadRecord

MAX_INT = 2**31 - 1  # the smallest integer column's limit; SQLite overflows past 2**63
NUMBERS = {"headcount": (0, MAX_INT), "budget_per_head": (0, MAX_INT), "month": (1, 12)}
NUMBERS |= {"budget_total": (0, MAX_INT)}
TEXTS = {"nickname": "red_nickname", "need": "need", "city": "city", "wechat": "wechat"}
TSV: tuple[str, ...] = (
    "clue_number",
    "date",
    "account",
    "red_nickname",
    "need",
    "city",
    "wechat",
    "phone",
    "status",
)


def open_desk(config: Config, *, warm: bool = True, library: bool = True) -> tuple[Desk, Actor]:
    """The configured database's desk, and the terminal's user as the actor."""
    from bot.desk import Desk

    return Desk.open(config, warm=warm, library=library), terminal_actor()


def terminal_actor() -> Actor:
    """The OS login as an operator (its role comes from the database, like anyone's)."""
    from bot.desk import Actor

    user = getpass.getuser()
    return Actor(handle=f"terminal:{user}", display_name=user)


class _Leads:
    """bot.desk.leads, imported on first use (the database layer loads only when needed)."""

    def __getattr__(self, name: str) -> Any:
        from bot.desk import leads

        return getattr(leads, name)


lead_cases = _Leads()


def cmd_add(args: argparse.Namespace, config: Config) -> int:
    """`lead add`: log a lead; its clue number on stdout, a duplicate warning on stderr."""
    # Stripped here: Desk.log_lead would take a blank "  " nickname as one given.
    fields: dict[str, Any] = {key: getattr(args, flag).strip() for flag, key in TEXTS.items()}
    fields["phone"] = mobile(args.phone, config.locale) if args.phone.strip() else None
    for key, (low, high) in NUMBERS.items():
        flag = f"--{key.replace('_', '-')}"
        fields[key] = whole(getattr(args, key), flag, config.locale, low, high)
    desk, actor = open_desk(config, library=False)
    outcome = lead_cases.log(
        desk, actor=actor, account=args.account, fields=fields,
        notes=args.note, source=args.source,
    )  # fmt: skip
    print(outcome.lead.clue_number)
    if outcome.duplicates:
        clues = ", ".join(outcome.duplicates)
        print(t(config.locale, "lead.duplicate", clues=clues), file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace, config: Config) -> int:
    """`lead show CLUE`: the fields in the playbook's order, then the history."""
    desk, actor = open_desk(config, library=False)
    card = lead_cases.card(desk, args.clue, actor=actor)
    print("\n".join(lead_lines(card.lead, card.events, config)))
    return 0


def cmd_status(args: argparse.Namespace, config: Config) -> int:
    """`lead status CLUE STATUS [--deal-value N]`."""
    deal = whole(args.deal_value, "--deal-value", config.locale, 0, MAX_INT)
    desk, actor = open_desk(config, library=False)
    lead = lead_cases.set_status(desk, args.clue, args.status, actor=actor, deal_value=deal)
    status = t(config.locale, f"status.{lead.status}")
    print(t(config.locale, "lead.status_set", clue=lead.clue_number, status=status))
    return 0


def cmd_note(args: argparse.Namespace, config: Config) -> int:
    """`lead note CLUE TEXT`."""
    desk, actor = open_desk(config, library=False)
    lead = lead_cases.add_note(desk, args.clue, args.text, actor=actor)
    print(t(config.locale, "lead.note_added", clue=lead.clue_number))
    return 0


def cmd_find(args: argparse.Namespace, config: Config) -> int:
    """`lead find QUERY`: tab-separated, best matches first."""
    desk, actor = open_desk(config, library=False)
    leads = lead_cases.find(desk, args.query, actor=actor, account=args.account)
    empty = t(config.locale, "lead.not_found", query=printable(args.query))
    return _print_tsv(leads, config.locale, empty)


def cmd_list(args: argparse.Namespace, config: Config) -> int:
    """`lead list [--from] [--to] [--account]`: tab-separated, oldest first."""
    day_from, day_to = day_range(args, config.locale)
    desk, actor = open_desk(config, library=False)
    leads = lead_cases.listing(
        desk, actor=actor, day_from=day_from, day_to=day_to, account=args.account
    )
    return _print_tsv(leads, config.locale, t(config.locale, "lead.none_in_range"))


def lead_lines(lead: LeadRecord, events: Iterable[LeadEventRecord], config: Config) -> list[str]:
    """`lead show` text: labelled fields, then one line per history event."""
    from bot.leadview import lead_fields

    locale, tz = config.locale, config.tz
    fields = lead_fields(lead, locale) | {
        "source": t(locale, f"source.{lead.source}"),
        "deal_value": lead.deal_value,
        "created_at": f"{lead.created_at.astimezone(tz):%Y-%m-%d %H:%M}",
        "script_id": lead.script_id,
    }
    lines = [
        labelled(locale, t(locale, f"col.{key}"), _indent(str(value)))
        for key, value in fields.items()
        if value not in (None, "")
    ]
    lines.append(labelled(locale, t(locale, "lead.history"), ""))
    for event in events:
        when = f"{event.created_at.astimezone(tz):%Y-%m-%d %H:%M}"
        states = (event.old_status, event.new_status)
        change = " → ".join(t(locale, f"status.{s}") for s in states if s)
        parts = (when, t(locale, f"event.{event.kind}"), change, _indent(event.note or ""))
        lines.append("  " + "  ".join(part for part in parts if part))
    return lines


def _indent(text: str) -> str:
    return printable(text).replace("\n", "\n    ")


def _print_tsv(leads: list[LeadRecord], locale: str, empty: str) -> int:
    from bot.leadview import lead_fields

    if not leads:
        print(empty, file=sys.stderr)
        return 0
    print("\t".join(t(locale, f"col.{key}") for key in TSV))
    for lead in leads:
        row = lead_fields(lead, locale)
        print("\t".join(_cell(row[key]) for key in TSV))
    return 0


def _cell(value: object) -> str:
    return "" if value is None else re.sub(r"[\t\r\n]+", " ", printable(str(value)))


def mobile(value: str, locale: str) -> str:
    """An 11-digit mainland mobile number from what was typed (spaces, dashes, +86, ０-９)."""
    number = mobile_number(value)
    if number is None:
        raise UsageError(value, "lead.bad_phone", value=_shown(value))
    return number


def whole(value: str | None, flag: str, locale: str, low: int, high: int) -> int | None:
    """A whole number typed as 50, ５０, 1.5万 or 5k, within bounds; None when not given."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    plain = text.isascii() and text.isdecimal() and len(text) < 19  # "0"; no huge int()
    number = int(text) if plain else parse_number(text)
    if number is None or not low <= number <= high or number != int(number):
        allowed, shown = f"{low}-{high}", _shown(value)
        raise UsageError(value, "cli.bad_number", flag=flag, allowed=allowed, value=shown)
    return int(number)


def day_range(args: argparse.Namespace, locale: str) -> tuple[date | None, date | None]:
    """--from and --to as dates (either may be absent); refuses a reversed range."""
    day_from = _day(args.day_from, "--from", locale)
    day_to = _day(args.day_to, "--to", locale)
    if day_from and day_to and day_from > day_to:
        raise UsageError("range", "cli.bad_range", day_from=day_from, day_to=day_to)
    return day_from, day_to


def _day(value: str | None, flag: str, locale: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(value, "cli.bad_date", flag=flag, value=_shown(value)) from None


def _shown(value: str) -> str:
    """What was typed, shortened for a one-line message."""
    return value if len(value) <= 40 else value[:40] + "…"
