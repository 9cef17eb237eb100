"""Read a script file (toml, csv, xlsx) and validate all of it before anything is used.

Every row is checked with the library's own rules (``parse_script``: fields, counts,
templates through ``validate_template``) and ids must be unique; each fault becomes a
Problem naming the row (a TOML file: the line of its ``[[script]]``), column and reason.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import ScriptFileError
from bot.scriptcells import missing_columns, table_of, unknown_columns
from bot.texts import ZH
from bot.texts import text as t
from replies.errors import LibraryError
from replies.library import parse_script
from replies.models import Script
from replies.safety import SafetyRules

MAX_BYTES = 20 * 1024 * 1024  # the most a Telegram bot may download; the same here
PROGRESS_EVERY = 500  # rows between two progress reports
_SCRIPT_LINE = re.compile(r"^\s*\[\[\s*script\s*\]\]")


@dataclass(frozen=True)
class Problem:
    """One fault of a file: where (row or line, column) and why."""

    row: int
    column: str
    reason: str  # English, for logs; ``code`` and ``values`` make the user's sentence
    code: str = ""
    values: Mapping[str, object] = field(default_factory=dict)


Rows = Iterable[tuple[int, Mapping[str, Any]]]  # (row or line, library table)


def read_scripts(
    path: Path,
    rules: SafetyRules | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Script]:
    """Every script of the file, or ScriptFileError listing every fault (``rules``: comments).

    ``progress`` is called with the number of rows checked so far every PROGRESS_EVERY rows.
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("toml", "csv", "xlsx", "xlsm"):
        raise ScriptFileError(f"{path.name}: unknown format", "script_format", file=path.name)
    if not path.is_file():
        raise ScriptFileError(f"{path}: no such file", "script_missing", file=path.name)
    if path.stat().st_size > MAX_BYTES:
        raise ScriptFileError(
            f"{path.name} is over 20 MB", "script_too_big", file=path.name, limit="20 MB"
        )
    if fmt == "toml":
        rows: Rows = _toml_rows(path)
    elif fmt == "csv":
        rows = _csv_rows(path)
    else:
        from bot.scriptxlsx import xlsx_rows

        rows = xlsx_rows(path)
    return _validated(path.name, rows, rules, progress)


def refuse(name: str, problems: list[Problem]) -> ScriptFileError:
    """The error refusing a file for these problems."""
    return ScriptFileError(
        f"{name}: {len(problems)} problem(s)", "script_file", tuple(problems), file=name
    )


def _validated(
    name: str,
    rows: Rows,
    rules: SafetyRules | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Script]:
    problems: list[Problem] = []
    scripts: list[Script] = []
    seen: dict[str, int] = {}
    try:
        for n, (row, table) in enumerate(rows, start=1):
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n)
            try:
                script = parse_script(table, name, row, rules=rules)
            except LibraryError as exc:
                problems.append(_problem(row, exc))
                continue
            if script.id in seen:
                problems.append(
                    Problem(
                        row,
                        "id",
                        f"{script.id!r} is already row {seen[script.id]}",
                        "duplicate_id",
                        {"id": script.id, "first": seen[script.id]},
                    )
                )
                continue
            seen[script.id] = row
            scripts.append(script)
    except Fatal as fatal:
        problems.append(fatal.problem)
    if problems:
        raise refuse(name, problems)
    if not scripts:
        raise refuse(name, [Problem(1, "-", "the file has no scripts", "no_scripts")])
    return scripts


def _problem(row: int, exc: LibraryError) -> Problem:
    name = str(exc.values.get("field", "-"))
    column, _, item = name.partition("[")
    reason = str(exc.values.get("reason", exc))
    values = {k: v for k, v in exc.values.items() if k not in ("field", "reason", "problem")}
    if item:
        reason = f"line {item.rstrip(']')} of the cell {reason}"
        values["item"] = item.rstrip("]")
    return Problem(row, column, reason, str(exc.values.get("problem", "")), values)


def problem_text(locale: str, problem: Problem) -> str:
    """One fault as a line in the locale: where, then why (the English reason if uncoded)."""
    key = f"problem.{problem.code}"
    why = t(locale, key, **problem.values) if problem.code and key in ZH else problem.reason
    if "item" in problem.values and key in ZH:
        why = t(locale, "problem.in_cell", item=problem.values["item"], reason=why)
    return t(locale, "scripts.problem", row=problem.row, column=problem.column, reason=why)


class Fatal(Exception):
    """The file cannot be read any further (syntax, encoding, not the format it says)."""

    def __init__(self, row: int, column: str, reason: str, code: str, **values: object) -> None:
        super().__init__(reason)
        self.problem = Problem(row, column, reason, code, values)


def _toml_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    text = _decode(path.read_bytes())
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else 1
        raise Fatal(line, "-", f"TOML syntax: {exc}", "toml_syntax", detail=str(exc)) from exc
    tables = data.get("script", [])
    if set(data) - {"script"} or not isinstance(tables, list):
        raise Fatal(1, "-", "a script file holds only [[script]] tables", "toml_only_scripts")
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if _SCRIPT_LINE.match(line)]
    for n, table in enumerate(tables):
        yield (lines[n] if n < len(lines) else n + 1), table


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise Fatal(1, "-", "this is a binary file, not text: save it as UTF-8 text", "binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint, code = "save it as UTF-8", "not_utf8"
        try:
            data.decode("gb18030")
            hint, code = "it looks like GBK (Excel's Chinese CSV): save it as CSV UTF-8", "gbk"
        except UnicodeDecodeError:
            pass
        line = data[: exc.start].count(b"\n") + 1
        raise Fatal(line, "-", f"not valid UTF-8 text; {hint}", code) from exc


def _csv_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    text = _decode(path.read_bytes())
    reader = csv.reader(text.splitlines(keepends=True))
    header = [name.strip() for name in next(reader, [])]
    check_header(header)
    row = reader.line_num + 1
    for cells in reader:
        row, start = reader.line_num + 1, row  # a record starts after the previous one
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise Fatal(
                start, "-", f"{len(cells)} cells, the header has {len(header)}", "cells",
                cells=len(cells), header=len(header),
            )  # fmt: skip
        yield start, table_of(dict(zip(header, cells)))


def check_header(header: list[str]) -> None:
    """Refuse a header lacking a required column or naming an unknown one."""
    for name in missing_columns(header):
        raise Fatal(1, name, "required column missing", "column_missing")
    for name in unknown_columns(header):
        raise Fatal(1, name, "unknown column (columns are the library's keys)", "column_unknown")
