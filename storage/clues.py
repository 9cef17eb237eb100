"""Clue numbers (线索编号): the configured format and the gap-free daily sequence."""

from __future__ import annotations

import logging
import re
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
CLUE_LIMIT = 64  # the clue_number column width
MAX_SEQ_WIDTH = 9  # {seq:09d}; a day never numbers more leads than that
MAX_SPEC_NUMBER = CLUE_LIMIT  # any width or precision in a spec; {seq:0100000000d} is 100 MB
# The longest account code the configuration allows, and more leads than a day ever has:
# the longest clue number the format can produce in practice.
LONGEST_SAMPLE: dict[str, Any] = {"account": "W" * 12, "day": date(2026, 12, 28), "seq": 99_999}
_NUMBER = re.compile(r"\d+")  # a width or precision in a format spec ({seq:03d}, {account:>8})
_STRFTIME_WIDTH = re.compile(r"%[-_0^#]*(\d+)")  # {date:%10Y}: the C library pads it


def validate_clue_format(fmt: str) -> None:
    """Raise ClueFormatError unless fmt uses exactly {account}, {date} and {seq}."""
    try:
        parsed = [
            (name, spec) for _, name, spec, _ in string.Formatter().parse(fmt) if name is not None
        ]
    except ValueError as exc:
        raise ClueFormatError(f"clue format {_shown(fmt)} is malformed: {exc}") from exc
    fields = [name for name, _ in parsed]
    for name in fields:
        if name not in PLACEHOLDERS:
            shown = f"{{{name}}}" if name else "{} (positional)"
            raise ClueFormatError(
                f"clue format {_shown(fmt)} uses unknown placeholder {shown}; "
                "allowed: {account}, {date}, {seq}"
            )
    # Sequences restart per account and per day, so all three keep numbers unique.
    missing = [name for name in PLACEHOLDERS if name not in fields]
    if missing:
        raise ClueFormatError(
            f"clue format {_shown(fmt)} lacks {', '.join('{' + n + '}' for n in missing)}; "
            "without all of {account}, {date} and {seq} clue numbers would repeat"
        )
    for name, spec in parsed:
        _check_spec(fmt, name, spec or "")
    _check_renders_distinct(fmt)
    longest = format_clue(fmt, **LONGEST_SAMPLE)
    if len(longest) > CLUE_LIMIT:
        raise ClueFormatError(
            f"clue format {_shown(fmt)} makes clue numbers of up to {len(longest)} characters "
            f"(such as {_shown(longest)}); the limit is {CLUE_LIMIT}"
        )


def _check_spec(fmt: str, name: str, spec: str) -> None:
    """Bound every width before anything is rendered: a width is what a spec can blow up."""
    if "{" in spec:
        raise ClueFormatError(f"clue format {_shown(fmt)}: {{{name}}} has a nested placeholder")
    # Leading zeros are the zero-fill flag; what follows them is the width (or precision).
    found = _STRFTIME_WIDTH.findall(spec) if name == "date" else _NUMBER.findall(spec)
    numbers = [number.lstrip("0") or "0" for number in found]
    widest = max((int(n) if len(n) <= 4 else 10**4 for n in numbers), default=0)
    limit = MAX_SEQ_WIDTH if name == "seq" else MAX_SPEC_NUMBER
    if widest > limit:
        raise ClueFormatError(
            f"clue format {_shown(fmt)}: {{{name}:{_short(spec, 20)}}} is too wide; "
            f"{{{name}}} may be at most {limit} characters wide"
        )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _shown(text: str) -> str:
    """repr() of text, shortened for a one-line message."""
    return repr(_short(text, 80))


def _check_renders_distinct(fmt: str) -> None:
    # A spec like {date:03d} renders but ignores its value; numbers would then repeat.
    sample: dict[str, Any] = {"account": "TJ", "day": date(2026, 11, 28), "seq": 7}
    variants: dict[str, Any] = {"account": "MZ", "day": date(2027, 1, 2), "seq": 8}
    base = format_clue(fmt, **sample)
    for key, other in variants.items():
        if format_clue(fmt, **{**sample, key: other}) == base:
            name = "date" if key == "day" else key
            raise ClueFormatError(f"clue format {_shown(fmt)} does not show the {{{name}}} value")


def format_clue(fmt: str, *, account: str, day: date, seq: int) -> str:
    """Render a clue number; ClueFormatError if a format spec does not fit its value."""
    try:
        return fmt.format(account=account, date=day, seq=seq)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ClueFormatError(f"clue format {_shown(fmt)} cannot be rendered: {exc}") from exc


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
