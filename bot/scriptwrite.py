"""Write a library as TOML, CSV (UTF-8 with BOM, for Excel) or xlsx: the files import reads."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from bot.scriptcells import COLUMNS, row_of
from replies.models import Script

FORMATS = ("toml", "csv", "xlsx")


def _string(value: str) -> str:
    # A JSON string is a valid TOML basic string: same quotes and escapes (\" \\ \n \uXXXX).
    return json.dumps(value, ensure_ascii=False)


def _array(values: Sequence[str], indent: bool) -> str:
    if not indent:
        return "[" + ", ".join(_string(v) for v in values) + "]"
    return "[\n" + "".join(f"  {_string(v)},\n" for v in values) + "]"


def toml_text(scripts: Sequence[Script]) -> str:
    """The library as TOML, scripts in the given order, fields in a fixed order."""
    parts: list[str] = []
    for script in scripts:
        accounts = '"all"' if script.accounts is None else _array(script.accounts, False)
        parts.append(
            "[[script]]\n"
            f"id = {_string(script.id)}\n"
            f"category = {_string(script.category)}\n"
            f"accounts = {accounts}\n"
            f"channel = {_string(script.channel)}\n"
            f"hooks = {_array(script.hooks, False)}\n"
            f"tags = {_array(script.tags, False)}\n"
            f"triggers = {_array(script.triggers, True)}\n"
            f"replies = {_array(script.replies, True)}\n"
        )
    return "\n".join(parts)


def write_scripts(scripts: Sequence[Script], fmt: str, path: Path) -> None:
    """Write the scripts to path in one of FORMATS."""
    if fmt == "toml":
        path.write_text(toml_text(scripts), encoding="utf-8")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(row_of(script) for script in scripts)
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("scripts")
        sheet.append(list(COLUMNS))
        for script in scripts:
            sheet.append(row_of(script))
        book.save(path)
