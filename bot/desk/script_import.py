"""A script file against the database: what it would add, change and retire, then apply.

The file is the whole library: a stored active script it lacks is retired. The plan keeps
the version it saw of every script it touches; applying names those versions, so a change
made by someone else between the preview and the confirmation refuses the whole import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.library import data_of, mark_changed, read_library, require_known_categories
from bot.desk.scripts import conflict
from replies.library import require_comment_safe
from replies.models import Script
from storage import scripts as script_store
from storage.errors import StaleVersion
from storage.scripts import ScriptRecord


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do; ``changed`` and ``retired`` keep the versions seen."""

    added: tuple[Script, ...]
    changed: tuple[tuple[Script, ScriptRecord], ...]
    retired: tuple[ScriptRecord, ...]
    unchanged: int

    @property
    def empty(self) -> bool:
        """Whether applying would change nothing."""
        return not (self.added or self.changed or self.retired)


def plan_import(desk: Desk, scripts: Sequence[Script], *, actor: Actor) -> ImportPlan:
    """Compare validated scripts with the database (reads only; an unsafe comment refused)."""
    for script in scripts:  # files are read with the rules already; other callers may not be
        require_comment_safe(script, desk.engine.rules)
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
        require_known_categories(session, [(s.id, s.category) for s in scripts])
        stored = {r.id: r for r in script_store.list_scripts(session, status=None)}
    added, changed, unchanged = [], [], 0
    for script in scripts:
        record = stored.get(script.id)
        if record is None:
            added.append(script)
        elif dict(record.data) != data_of(script):
            changed.append((script, record))
        else:
            unchanged += 1
    wanted = {script.id for script in scripts}
    retired = [r for r in stored.values() if r.status == "active" and r.id not in wanted]
    return ImportPlan(tuple(added), tuple(changed), tuple(retired), unchanged)


def apply_import(desk: Desk, plan: ImportPlan, *, actor: Actor, seed: str | None = None) -> int:
    """Apply a plan in one transaction, or nothing (a conflict names the other change).

    ``seed`` (a sync): written as the seed's, with that source and no operator, so a
    later sync still tells them from the team's edits.
    """
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        now, who, source = desk.now(), None if seed else operator.id, seed or "file"
        script_store.add_scripts(
            session, items=[(s.id, data_of(s)) for s in plan.added], source=source,
            operator_id=who, now=now,
        )  # fmt: skip
        updates = [(s.id, data_of(s), r.version) for s, r in plan.changed]
        updates += [(r.id, {**r.data, "status": "retired"}, r.version) for r in plan.retired]
        for script_id, data, version in updates:
            try:
                script_store.update_script(
                    session, script_id=script_id, data=data, expected_version=version,
                    operator_id=who, now=now, source=source,
                )  # fmt: skip
            except StaleVersion as exc:
                raise conflict(session, script_id, version) from exc
        return mark_changed(session) if not plan.empty else 0


def current_scripts(desk: Desk, *, actor: Actor) -> list[Script]:
    """The database's active scripts, by id (what an export writes)."""
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
        return list(read_library(session).scripts)
