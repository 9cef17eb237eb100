"""Checks and clean-up for the free-form fields of a lead, before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from storage.errors import InvalidValue
from storage.models import SOURCES
from storage.types import clean_text, require_choice, require_length

SHORT_LIMIT = 200  # nickname, city, WeChat, phone: indexed, so kept short
LONG_LIMIT = 10_000  # need, notes, one note
TEXT_FIELDS = ("red_nickname", "need")  # never NULL, "" when unknown
OPTIONAL_TEXT = ("city", "wechat", "phone")  # NULL when unknown
MULTILINE = ("need",)  # keeps line breaks and tabs; the others are one line
INT_MAX = 2_147_483_647
NUMBERS = ("headcount", "budget_per_head", "budget_total", "month")
# The one list of a lead's own fields (what a lead draft, a form or an import may fill).
LEAD_FIELDS = (*TEXT_FIELDS, *OPTIONAL_TEXT, *NUMBERS)
EDITABLE = (*LEAD_FIELDS, "source", "script_id")


def clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validated, trimmed, control-character-free copies of lead fields; InvalidValue if bad."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise InvalidValue(f"unknown lead field(s): {', '.join(unknown)}")
    return {name: _clean(name, value) for name, value in fields.items()}


def check_note(note: str) -> str:
    """A trimmed note of 1..LONG_LIMIT characters (no control characters), else InvalidValue."""
    note = clean_text(note, multiline=True).strip()
    if not note:
        raise InvalidValue("a note must not be empty", "empty_note")
    require_length(note, LONG_LIMIT, "note")
    return note


def _clean(name: str, value: Any) -> Any:
    if name in NUMBERS:
        return _number(name, value)
    if name == "source":
        return require_choice(value, SOURCES, "source")
    if value is None:
        return "" if name in TEXT_FIELDS else None
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be text, got {type(value).__name__}")
    text = clean_text(value, multiline=name in MULTILINE).strip()
    require_length(text, LONG_LIMIT if name == "need" else SHORT_LIMIT, name)
    return text if text or name in TEXT_FIELDS else None


def _number(name: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(f"{name} must be a whole number, got {value!r}")
    # The columns are 32-bit integers on every database.
    if not 0 <= value <= INT_MAX or (name == "month" and not 1 <= value <= 12):
        raise InvalidValue(
            f"{name} is out of range: {value}", "out_of_range", field=name, value=value
        )
    return value
