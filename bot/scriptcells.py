"""Scripts as spreadsheet rows: one row per script, list fields one item per line in a cell.

The columns are the library's TOML keys. A cell a spreadsheet would run as a formula
(starting with = + - @, or their full-width forms) is written with a leading quote; a
cell written with a quote for that reason, or because it began with a quote itself, loses
exactly one on the way back, so export -> import gives the same library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.export import FORMULA_STARTS
from replies.models import Script

COLUMNS = ("id", "category", "accounts", "channel", "triggers", "replies", "hooks", "tags")
REQUIRED = ("id", "category", "triggers", "replies")
LISTS = ("triggers", "replies", "hooks", "tags")
QUOTE = "'"


def neutralise(cell: str) -> str:
    """Quote a cell that a spreadsheet would take as a formula (or that starts with a quote)."""
    return QUOTE + cell if cell.startswith((*FORMULA_STARTS, QUOTE)) else cell


def restore(cell: str) -> str:
    """Undo neutralise: drop one leading quote."""
    return cell[1:] if cell.startswith(QUOTE) else cell


def row_of(script: Script) -> list[str]:
    """A script as cells in COLUMNS order, neutralised."""
    accounts = "all" if script.accounts is None else "\n".join(script.accounts)
    cells = [script.id, script.category, accounts, script.channel]
    cells += ["\n".join(getattr(script, name)) for name in LISTS]
    return [neutralise(cell) for cell in cells]


def table_of(cells: Mapping[str, str]) -> dict[str, Any]:
    """Restored cells (by column) as a library table; empty lines inside a cell are dropped."""
    table: dict[str, Any] = {}
    for name, raw in cells.items():
        value = restore(raw.strip())
        if name in LISTS:
            table[name] = _lines(value)
        elif name == "accounts":
            table[name] = "all" if value.strip().lower() in ("", "all") else _lines(value)
        elif value or name in REQUIRED:
            table[name] = value
    return table


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def unknown_columns(header: Sequence[str]) -> list[str]:
    """Header names that are not library columns."""
    return [name for name in header if name not in COLUMNS]


def missing_columns(header: Sequence[str]) -> list[str]:
    """Required columns the header lacks."""
    return [name for name in REQUIRED if name not in header]
