"""Read the first sheet of an xlsx as script rows; a formula cell is refused by name.

A formula has no value to trust: a file Excel never saved has no cached result, and one
it did may compute something else next time. Macros (xlsm) are never run or read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from bot.scriptcells import table_of
from bot.scriptread import Fatal, Problem, check_header, refuse


def xlsx_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(sheet row, library table) for every non-empty row under the header."""
    if not zipfile.is_zipfile(path):
        raise Fatal(1, "-", "not an xlsx workbook (save it from Excel or WPS as .xlsx)", "not_xlsx")
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise Fatal(
            1, "-", f"the workbook cannot be read: {exc}", "xlsx_unreadable", detail=str(exc)
        ) from exc
    try:
        rows = list(book.worksheets[0].iter_rows()) if book.worksheets else []
    finally:
        book.close()
    formulas = [
        Problem(
            cell.row,
            get_column_letter(cell.column),
            f"{_ref(cell)} is a formula: type the value",
            "formula",
            {"cell": f"{get_column_letter(cell.column)}{cell.row}"},
        )
        for row in rows
        for cell in row
        if getattr(cell, "data_type", None) == "f"
    ]
    if formulas:
        raise refuse(path.name, formulas)
    if not rows:
        raise Fatal(1, "-", "the first sheet is empty", "sheet_empty")
    header = [_text(cell.value).strip() for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    check_header(header)
    for number, row in enumerate(rows[1:], start=2):
        cells = [_text(cell.value) for cell in row]
        if any(cell.strip() for cell in cells[len(header) :]):
            raise Fatal(number, "-", "a cell right of the last column", "right_of_last")
        if any(cell.strip() for cell in cells):
            yield number, table_of(dict(zip(header, cells)))


def _ref(cell: Any) -> str:
    return f"cell {get_column_letter(cell.column)}{cell.row}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def write_template(path: Path, notes: Sequence[tuple[str, str]], sheet: str) -> None:
    """An empty scripts sheet (the import columns) and a notes sheet saying what each holds.

    The notes go on the second sheet: an import reads only the first.
    """
    from openpyxl import Workbook

    from bot.scriptcells import COLUMNS

    book = Workbook(write_only=True)
    book.create_sheet("scripts").append(list(COLUMNS))
    help_sheet = book.create_sheet(sheet)
    for row in notes:
        help_sheet.append(list(row))
    book.save(path)
