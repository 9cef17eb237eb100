"""Column types and value checks shared by the models and session functions."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from storage.errors import InvalidValue


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store UTC; on SQLite drop the zone so text comparisons stay in one zone."""
        if value is None:
            return None
        value = require_aware(value, "timestamp").astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Read back an aware UTC datetime whatever the backend returned."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def require_aware(value: datetime, name: str) -> datetime:
    """Return value if it carries a timezone, else raise InvalidValue."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value


def require_choice(value: str, choices: tuple[str, ...], name: str) -> str:
    """Return value if it is one of choices, else raise InvalidValue naming them."""
    if value not in choices:
        allowed = ", ".join(choices)
        raise InvalidValue(
            f"unknown {name} {value!r}; expected one of {allowed}",
            f"bad_{name}",
            value=value,
            allowed=allowed,
        )
    return value


def require_length(value: str | None, limit: int, name: str) -> str | None:
    """Return value if it has at most limit characters, else raise InvalidValue."""
    if value is not None and len(value) > limit:
        raise InvalidValue(
            f"{name} is {len(value)} characters long; the limit is {limit}",
            "too_long",
            field=name,
            length=len(value),
            limit=limit,
        )
    return value


_MULTILINE_KEEPS = frozenset("\n\t\u200d")  # line breaks, tabs, the emoji joiner (ZWJ)


def clean_text(value: str, *, multiline: bool = False) -> str:
    """value without control, format (zero-width, bidi) and lone surrogate characters.

    Control characters would reach an operator's terminal as escape sequences; format
    characters make "wx\u200b123" a different WeChat id from "wx123". A multiline text
    (a need, a note) keeps its line breaks, tabs and emoji joiners; in a one-line text
    they become spaces.
    """
    if value.isascii() and value.isprintable():
        return value
    keep = _MULTILINE_KEEPS if multiline else frozenset()
    return "".join(_clean_char(char, keep) for char in value.replace("\r\n", "\n"))


def _clean_char(char: str, keep: frozenset[str]) -> str:
    if char in keep or unicodedata.category(char) not in ("Cc", "Cf", "Cs"):
        return char
    return " " if char.isspace() else ""
