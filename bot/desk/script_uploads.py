"""An uploaded script file waiting for Confirm, kept in the database as a dialogue.

The dialogue holds the validated scripts (their tables) and the version of every stored
script the preview saw. Confirming plans again and refuses the whole import with the
conflict if anything the file touches moved since the preview; else it applies the plan
in one transaction (whose own version checks catch a change made after this one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.desk import access, claims, dialogues
from bot.desk import scripts as script_cases
from bot.desk.context import Actor, Desk
from bot.desk.library import DB_SOURCE, table_of
from bot.desk.library import data_of as stored_data
from bot.desk.script_dialogues import ScriptPrompt
from bot.desk.script_import import ImportPlan, apply_import, plan_import
from replies.library import parse_script
from replies.models import Script
from storage import accounts as account_store
from storage import botstate
from storage import scripts as script_store

UPLOAD = "upload"


def check(desk: Desk, *, actor: Actor) -> bool:
    """True for someone who may edit the library (PermissionDenied, before any download)."""
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
    return True


def stage(
    desk: Desk, scripts: Sequence[Script], *, file: str, actor: Actor, chat_id: int
) -> tuple[ImportPlan, int]:
    """Plan a validated file's import and keep it waiting for Confirm; (plan, version).

    A file that would change nothing waits for nothing (version 0).
    """
    plan = plan_import(desk, scripts, actor=actor)
    if plan.empty:
        return plan, 0
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        seen = {r.id: r.version for r in script_store.list_scripts(session, status=None)}
        tables = [table_of(s.id, stored_data(s)) for s in scripts]
        version = dialogues.put(
            session, desk, operator_id=operator.id, chat_id=chat_id, kind=UPLOAD, step="confirm",
            data={"file": file, "tables": tables, "seen": seen}, expected=None,
        )  # fmt: skip
    return plan, version


def confirm(
    desk: Desk, *, actor: Actor, chat_id: int, version: int, once: str | None = None
) -> ImportPlan:
    """Apply the waiting upload as previewed, or nothing (ScriptConflict if it moved)."""
    data = _close(desk, actor, chat_id, version, once)
    scripts = [parse_script(table, DB_SOURCE) for table in data["tables"]]
    plan = plan_import(desk, scripts, actor=actor)
    seen: dict[str, int] = data["seen"]
    touched = [(s.id, r.version) for s, r in plan.changed]
    touched += [(r.id, r.version) for r in plan.retired]
    added = {s.id for s in plan.added}
    touched += [(s.id, 0) for s in scripts if s.id not in added and s.id not in seen]
    for script_id, now_at in touched:  # 0: created since the preview, whatever it holds
        if seen.get(script_id) != now_at:
            raise _moved(desk, script_id, seen.get(script_id))
    apply_import(desk, plan, actor=actor)
    return plan


def waiting(desk: Desk, *, actor: Actor, chat_id: int) -> ScriptPrompt:
    """The waiting upload, for a message typed while it waits."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        found = botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)
    if found is None or found.kind != UPLOAD:
        raise dialogues.moved()
    return ScriptPrompt(UPLOAD, "confirm", {"file": found.data["file"]}, found.version)


def _close(desk: Desk, actor: Actor, chat_id: int, version: int, once: str | None) -> Any:
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        claims.once(session, desk, once)
        found = dialogues.close(
            session, operator_id=operator.id, chat_id=chat_id, kind=UPLOAD, version=version
        )
        return found.data


def _moved(desk: Desk, script_id: str, seen: int | None) -> script_cases.ScriptConflict:
    """The conflict for a script changed (or created) after the preview."""
    with desk.transaction() as session:
        if seen is not None:
            return script_cases.conflict(session, script_id, seen)
        current = script_store.get_script(session, script_id=script_id)
        names = account_store.operator_names(session, ids=[current.edited_by or 0])
        return script_cases.ScriptConflict(
            f"{script_id} was created after the preview", "script_created", id=script_id,
            who=names.get(current.edited_by or 0, "?"),
            when=current.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
        )  # fmt: skip
