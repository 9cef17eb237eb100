"""The lead table (客资表) as a spreadsheet: rows built from leads, written as xlsx or csv.

Rows are plain values (text, whole numbers, dates); each writer only formats them.
Text that a spreadsheet would run as a formula is neutralised here, once, for both.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.desk import Actor, Desk, access
from bot.desk import leads as lead_cases
from bot.errors import ExportError
from bot.format import display_width
from bot.privatefile import replace_privately
from bot.texts import text as t
from storage.records import LeadRecord

# The playbook's eight columns first, in its order; then everything else we keep.
COLUMNS: tuple[str, ...] = (
    "date",
    "account",
    "red_nickname",
    "need",
    "city",
    "wechat",
    "clue_number",
    "notes",
)
COLUMNS += ("phone", "headcount", "budget_per_head", "budget_total", "month", "source")
COLUMNS += ("status", "deal_value", "created_at", "script_id")
FORMATS = ("xlsx", "csv")
# Full-width forms too: spreadsheet apps in Chinese locales take ＝ as =.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
WIDTH_MIN, WIDTH_CAP = 8, 50  # the minimum leaves room for the filter button
XLSX_CELL_LIMIT = 32_767  # Excel's most characters in one cell

Cell = str | int | date | datetime | None


@dataclass(frozen=True)
class ExportResult:
    """Where an export went and how many leads it holds."""

    path: Path
    rows: int


def headers(locale: str) -> list[str]:
    """The column headers in the configured locale."""
    return [t(locale, f"col.{column}") for column in COLUMNS]


def build_rows(leads: Sequence[LeadRecord], *, locale: str, tz: ZoneInfo) -> list[list[Cell]]:
    """One row per lead, in COLUMNS order, with formula-looking text neutralised."""
    return [[_safe(value) for value in _values(lead, locale, tz)] for lead in leads]


def neutralise(value: str) -> str:
    """Drop control characters, then prefix a quote to text a spreadsheet would run as a formula.

    In that order: the xlsx writer drops control characters anyway, so "\x01=1+1" would
    otherwise reach the sheet as the formula =1+1 (CSV/formula injection).
    """
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _safe(value: Cell) -> Cell:
    return neutralise(value) if isinstance(value, str) else value


def _values(lead: LeadRecord, locale: str, tz: ZoneInfo) -> list[Cell]:
    created = lead.created_at.astimezone(tz).replace(tzinfo=None, microsecond=0)
    return [
        lead.local_day, lead.account_code, lead.red_nickname, lead.need, lead.city,
        lead.wechat, lead.clue_number, lead.notes, lead.phone, lead.headcount,
        lead.budget_per_head, lead.budget_total, lead.month, t(locale, f"source.{lead.source}"),
        t(locale, f"status.{lead.status}"), lead.deal_value, created, lead.script_id,
    ]  # fmt: skip


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([_text(value) for value in row] for row in rows)


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """One sheet: bold frozen header, filters, column widths by content, numbers as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = "leads"
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column, title in enumerate(header):
        texts = [title, *(_text(row[column]) for row in rows)]
        sheet.column_dimensions[get_column_letter(column + 1)].width = column_width(texts)
    book.save(path)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value.isoformat() if isinstance(value, date) else str(value)


def _xlsx_value(value: Cell) -> Cell:
    if not isinstance(value, str):
        return value
    # openpyxl refuses control characters; Excel "repairs" cells past its limit.
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]


def column_width(texts: Sequence[str]) -> int:
    """Width of the widest line, wide (CJK) characters counted double, within bounds."""
    widest = max((display_width(line) for s in texts for line in s.splitlines()), default=0)
    return max(WIDTH_MIN, min(widest + 2, WIDTH_CAP))


WRITERS: dict[str, Callable[[Path, Sequence[str], Sequence[Sequence[Cell]]], None]] = {
    "xlsx": write_xlsx,
    "csv": write_csv,
}


def choose_format(fmt: str | None, output: Path | None, locale: str) -> str:
    """The explicit format, else the output file's suffix, else xlsx."""
    suffix = output.suffix.lower().lstrip(".") if output else ""
    chosen = (fmt or suffix or "xlsx").lower()
    if chosen not in FORMATS:
        raise ExportError(chosen, "export.bad_format", format=chosen)
    return chosen


def default_name(day_from: date, day_to: date, fmt: str) -> Path:
    """leads-<from>-<to>.<ext>, in the current folder."""
    return Path(f"leads-{day_from:%Y%m%d}-{day_to:%Y%m%d}.{fmt}")


def export_leads(
    desk: Desk,
    actor: Actor,
    *,
    day_from: date | None = None,
    day_to: date | None = None,
    account: str | None = None,
    fmt: str | None = None,
    output: Path | None = None,
) -> ExportResult:
    """Write the leads of a day range (and account) to a spreadsheet; a lead's privilege."""
    locale = desk.config.locale
    with desk.transaction() as session:  # the role is read from the database
        access.require(session, actor, "export", floors=desk.floors)
    fmt = choose_format(fmt, output, locale)
    leads = lead_cases.listing(desk, actor=actor, day_from=day_from, day_to=day_to, account=account)
    if output is None:
        last = day_to or desk.today()
        first = day_from or (leads[0].local_day if leads else last)
        output = default_name(first, last, fmt)
    rows = build_rows(leads, locale=locale, tz=desk.config.tz)
    replace_privately(output, lambda tmp: WRITERS[fmt](tmp, headers(locale), rows))
    return ExportResult(output.resolve(), len(rows))
