"""The script library's rows and their versions: keyword-only, flush, never commit.

A script's content travels as a plain dict (``DATA_FIELDS``); storage checks only the
status, the caller validates everything else (the engine's library rules). Every change
writes the new content to ``script_versions`` too, so each version keeps who and when.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.errors import NotFound, StaleVersion
from storage.models import SCRIPT_SOURCES, SCRIPT_STATUSES, ScriptRow, ScriptVersion
from storage.types import require_choice

DATA_FIELDS = ("category", "accounts", "channel", "triggers", "replies", "hooks", "tags", "status")
SCRIPTS_STAMP = "scripts"


@dataclass(frozen=True, slots=True)
class ScriptRecord:
    """A stored script: its content (``data``), version, who changed it last and when."""

    id: str
    data: Mapping[str, Any]
    version: int
    edited_by: int | None
    updated_at: datetime
    source: str

    @property
    def status(self) -> str:
        """active or retired."""
        return str(self.data["status"])


@dataclass(frozen=True, slots=True)
class ScriptVersionRecord:
    """A script as it was at one version."""

    script_id: str
    version: int
    data: Mapping[str, Any]
    edited_by: int | None
    created_at: datetime


def _record(row: ScriptRow) -> ScriptRecord:
    data = {name: getattr(row, name) for name in DATA_FIELDS}
    return ScriptRecord(row.id, data, row.version, row.edited_by, row.updated_at, row.source)


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    clean = {name: data[name] for name in DATA_FIELDS}
    require_choice(clean["status"], SCRIPT_STATUSES, "script_status")
    return clean


def count_scripts(session: Session) -> int:
    """How many scripts are stored, retired ones included."""
    return session.scalar(select(func.count()).select_from(ScriptRow)) or 0


def list_scripts(
    session: Session,
    *,
    status: str | None = "active",
    category: str | None = None,
    ids: Collection[str] | None = None,
) -> list[ScriptRecord]:
    """Scripts by id (of one status, category and/or among ``ids`` when given)."""
    query = select(ScriptRow).order_by(ScriptRow.id)
    if status is not None:
        query = query.where(ScriptRow.status == status)
    if category is not None:
        query = query.where(ScriptRow.category == category)
    if ids is not None:
        query = query.where(ScriptRow.id.in_(list(ids)))
    return [_record(row) for row in session.scalars(query)]


def active_versions(session: Session) -> dict[str, int]:
    """Every active script's version, by id: what a process compares its library with."""
    query = select(ScriptRow.id, ScriptRow.version).where(ScriptRow.status == "active")
    return {sid: version for sid, version in session.execute(query)}


def find_script(session: Session, *, script_id: str) -> ScriptRecord | None:
    """One script, or None."""
    row = session.get(ScriptRow, script_id)
    return _record(row) if row is not None else None


def get_script(session: Session, *, script_id: str) -> ScriptRecord:
    """One script; NotFound if there is none."""
    found = find_script(session, script_id=script_id)
    if found is None:
        raise NotFound(f"no script {script_id!r}", "script", id=script_id)
    return found


def add_script(
    session: Session,
    *,
    script_id: str,
    data: Mapping[str, Any],
    source: str,
    operator_id: int | None,
    now: datetime,
) -> ScriptRecord:
    """Store a new script at version 1 (and that version)."""
    clean = _clean(data)
    row = ScriptRow(
        id=script_id, **clean, version=1, edited_by=operator_id, updated_at=now,
        source=require_choice(source, SCRIPT_SOURCES, "script_source"),
    )  # fmt: skip
    session.add(row)
    session.add(_version(script_id, 1, clean, operator_id, now))
    session.flush()
    return _record(row)


def add_scripts(
    session: Session,
    *,
    items: Iterable[tuple[str, Mapping[str, Any]]],
    source: str,
    operator_id: int | None,
    now: datetime,
) -> int:
    """Store many new scripts (id, content) at version 1 in one flush; how many.

    An import of thousands of rows: one flush instead of one per script (ten times faster).
    """
    source = require_choice(source, SCRIPT_SOURCES, "script_source")
    rows: list[ScriptRow | ScriptVersion] = []
    for script_id, data in items:
        clean = _clean(data)
        rows.append(ScriptRow(
            id=script_id, **clean, version=1, edited_by=operator_id, updated_at=now, source=source,
        ))  # fmt: skip
        rows.append(_version(script_id, 1, clean, operator_id, now))
    session.add_all(rows)
    session.flush()
    return len(rows) // 2


def update_script(
    session: Session,
    *,
    script_id: str,
    data: Mapping[str, Any],
    expected_version: int,
    operator_id: int | None,
    now: datetime,
    source: str | None = None,
) -> ScriptRecord:
    """Replace a script's content if it is still at expected_version; else StaleVersion."""
    clean = _clean(data)
    values: dict[str, Any] = {**clean, "version": expected_version + 1}
    values |= {"edited_by": operator_id, "updated_at": now}
    if source is not None:
        values["source"] = require_choice(source, SCRIPT_SOURCES, "script_source")
    # Compare-and-set in one statement: of two saves naming the same version, the row
    # lock lets exactly one match; the other finds the version moved and updates nothing.
    done = session.execute(
        update(ScriptRow)
        .where(ScriptRow.id == script_id, ScriptRow.version == expected_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        current = get_script(session, script_id=script_id)
        raise StaleVersion(
            f"script {script_id!r} is at version {current.version}, not {expected_version}",
            "stale_script", id=script_id, version=expected_version, current=current.version,
        )  # fmt: skip
    session.add(_version(script_id, expected_version + 1, clean, operator_id, now))
    session.flush()
    row = session.get(ScriptRow, script_id, populate_existing=True)
    assert row is not None
    return _record(row)


def _version(
    script_id: str, version: int, data: Mapping[str, Any], who: int | None, now: datetime
) -> ScriptVersion:
    return ScriptVersion(
        script_id=script_id, version=version, data=dict(data), edited_by=who, created_at=now
    )


def list_versions(session: Session, *, script_id: str) -> list[ScriptVersionRecord]:
    """Every stored version of a script, oldest first."""
    query = (
        select(ScriptVersion)
        .where(ScriptVersion.script_id == script_id)
        .order_by(ScriptVersion.version)
    )
    return [_version_record(row) for row in session.scalars(query)]


def get_version(session: Session, *, script_id: str, version: int) -> ScriptVersionRecord:
    """One version of a script; NotFound if there is none."""
    row = session.get(ScriptVersion, (script_id, version))
    if row is None:
        raise NotFound(
            f"script {script_id!r} has no version {version}",
            "script_version", id=script_id, version=version,
        )  # fmt: skip
    return _version_record(row)


def _version_record(row: ScriptVersion) -> ScriptVersionRecord:
    return ScriptVersionRecord(
        row.script_id, row.version, dict(row.data), row.edited_by, row.created_at
    )
