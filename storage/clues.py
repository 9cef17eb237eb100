"""Clue numbers (线索编号): the configured format and the gap-free daily sequence."""

from __future__ import annotations

import logging
import string
from datetime import date
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.errors import ClueFormatError
from storage.models import ClueCounter

logger = logging.getLogger(__name__)

DEFAULT_CLUE_FORMAT = "{account}-{date:%Y%m%d}-{seq:03d}"
PLACEHOLDERS = ("account", "date", "seq")


def validate_clue_format(fmt: str) -> None:
    """Raise ClueFormatError unless fmt uses exactly {account}, {date} and {seq}."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None]
    except ValueError as exc:
        raise ClueFormatError(f"clue format {fmt!r} is malformed: {exc}") from exc
    for name in fields:
        if name not in PLACEHOLDERS:
            shown = f"{{{name}}}" if name else "{} (positional)"
            raise ClueFormatError(
                f"clue format {fmt!r} uses unknown placeholder {shown}; "
                "allowed: {account}, {date}, {seq}"
            )
    # Sequences restart per account and per day, so all three keep numbers unique.
    missing = [name for name in PLACEHOLDERS if name not in fields]
    if missing:
        raise ClueFormatError(
            f"clue format {fmt!r} lacks {', '.join('{' + n + '}' for n in missing)}; "
            "without all of {account}, {date} and {seq} clue numbers would repeat"
        )
    _check_renders_distinct(fmt)


def _check_renders_distinct(fmt: str) -> None:
    # A spec like {date:03d} renders but ignores its value; numbers would then repeat.
    sample: dict[str, Any] = {"account": "TJ", "day": date(2026, 11, 28), "seq": 7}
    variants: dict[str, Any] = {"account": "MZ", "day": date(2027, 1, 2), "seq": 8}
    base = format_clue(fmt, **sample)
    for key, other in variants.items():
        if format_clue(fmt, **{**sample, key: other}) == base:
            name = "date" if key == "day" else key
            raise ClueFormatError(f"clue format {fmt!r} does not show the {{{name}}} value")


def format_clue(fmt: str, *, account: str, day: date, seq: int) -> str:
    """Render a clue number; ClueFormatError if a format spec does not fit its value."""
    try:
        return fmt.format(account=account, date=day, seq=seq)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ClueFormatError(f"clue format {fmt!r} cannot be rendered: {exc}") from exc


def next_seq(session: Session, *, account_id: int, local_day: date) -> int:
    """Allocate the next sequence number in the caller's transaction (rolled back with it)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    first = insert(ClueCounter).values(account_id=account_id, local_day=local_day, last_seq=1)
    # One upsert: the conflicting row's lock (PostgreSQL) or BEGIN IMMEDIATE (SQLite) queues
    # rival writers until this transaction ends, so numbers are neither repeated nor skipped.
    bump = first.on_conflict_do_update(
        index_elements=["account_id", "local_day"],
        set_={"last_seq": ClueCounter.last_seq + 1},
    ).returning(ClueCounter.last_seq)
    return session.execute(bump).scalar_one()
