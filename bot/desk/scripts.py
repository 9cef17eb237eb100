"""The script library's use cases: list, show, history, revert, retire, restore, save.

Team leads and admins only. Every change is a new version (who, when) saved with an
optimistic check: a save naming a version someone else has replaced is refused with a
ScriptConflict showing that change; nothing is lost. Every change bumps the stamp.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.library import DB_SOURCE, data_of, mark_changed, require_known_categories
from bot.errors import DeskError, UsageError
from replies.library import parse_script
from replies.models import Script
from storage import accounts as account_store
from storage import scripts as script_store
from storage.errors import StaleVersion
from storage.scripts import ScriptRecord, ScriptVersionRecord


class ScriptConflict(DeskError):
    """Someone else changed the script since the version this save started from."""


@dataclass(frozen=True)
class Version:
    """One version of a script and the name of who made it."""

    record: ScriptVersionRecord
    who: str


def list_scripts(desk: Desk, *, actor: Actor, category: str | None = None) -> list[ScriptRecord]:
    """Every script (active and retired), of one category when given."""
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
        return script_store.list_scripts(session, status=None, category=category)


def show(desk: Desk, script_id: str, *, actor: Actor) -> ScriptRecord:
    """One script; NotFound if there is none."""
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
        return script_store.get_script(session, script_id=script_id)


def history(desk: Desk, script_id: str, *, actor: Actor) -> list[Version]:
    """Every version of a script, oldest first, with who made it."""
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
        script_store.get_script(session, script_id=script_id)
        versions = script_store.list_versions(session, script_id=script_id)
        names = _names(session, versions)
    return [Version(v, names.get(v.edited_by or 0, "")) for v in versions]


def _names(session: Session, versions: list[ScriptVersionRecord]) -> dict[int, str]:
    ids = (v.edited_by for v in versions if v.edited_by is not None)
    return account_store.operator_names(session, ids=ids)


def save(
    desk: Desk, script_id: str, data: Mapping[str, Any], *, version: int, actor: Actor
) -> ScriptRecord:
    """Store new content for a script last seen at ``version`` (validated first)."""
    checked = checked_data(desk, script_id, data)
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        require_known_categories(session, [(script_id, str(checked["category"]))])
        return save_in(session, desk, script_id, checked, version=version, operator_id=operator.id)


def checked_script(desk: Desk, script_id: str, data: Mapping[str, Any]) -> Script:
    """Content validated by the library's rules and comment safety (LibraryError names the
    field); an unset field takes the library's default, accounts None meaning all."""
    table = {k: v for k, v in data.items() if k not in ("status", "id") and v is not None}
    table.setdefault("accounts", "all")
    return parse_script({"id": script_id, **table}, DB_SOURCE, rules=desk.engine.rules)


def checked_data(desk: Desk, script_id: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """A script's content validated (``checked_script``), as storage keeps it."""
    script = checked_script(desk, script_id, data)  # refused: nothing stored
    return data_of(script, str(data.get("status", "active")))


def save_in(
    session: Session,
    desk: Desk,
    script_id: str,
    checked: Mapping[str, Any],
    *,
    version: int,
    operator_id: int,
) -> ScriptRecord:
    """``save`` inside the caller's transaction (content from ``checked_data``)."""
    try:
        saved = script_store.update_script(
            session, script_id=script_id, data=checked, expected_version=version,
            operator_id=operator_id, now=desk.now(), source="team",
        )  # fmt: skip
    except StaleVersion as exc:
        raise conflict(session, script_id, version) from exc
    mark_changed(session)
    return saved


def set_status(desk: Desk, script_id: str, status: str, *, actor: Actor) -> ScriptRecord:
    """Retire or restore a script (UsageError when it already has that status)."""
    current = show(desk, script_id, actor=actor)
    if current.status == status:
        raise UsageError(f"{script_id} is already {status}", f"script_{status}", id=script_id)
    return save(desk, script_id, {**current.data, "status": status}, version=current.version,
                actor=actor)  # fmt: skip


def revert(desk: Desk, script_id: str, version: int, *, actor: Actor) -> ScriptRecord:
    """Save an old version's content as the newest version."""
    current = show(desk, script_id, actor=actor)
    with desk.transaction() as session:
        old = script_store.get_version(session, script_id=script_id, version=version)
    return save(desk, script_id, old.data, version=current.version, actor=actor)


def conflict(session: Session, script_id: str, version: int) -> ScriptConflict:
    """The conflict error for a save from ``version``: who changed what since, and when."""
    current = script_store.get_script(session, script_id=script_id)
    seen = script_store.get_version(session, script_id=script_id, version=version).data
    fields = [name for name, value in current.data.items() if seen.get(name) != value]
    names = account_store.operator_names(session, ids=[current.edited_by or 0])
    return ScriptConflict(
        f"{script_id} changed since version {version}", "script_conflict", id=script_id,
        version=version, current=current.version, who=names.get(current.edited_by or 0, "?"),
        when=current.updated_at.strftime("%Y-%m-%d %H:%M UTC"), fields=", ".join(fields) or "-",
    )  # fmt: skip
