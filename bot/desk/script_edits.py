"""Editing one script: create it, add or change a variant, add or remove triggers, preview.

Every edit is a save naming the version the editor saw (``scripts.save``): a script
changed by someone else since is refused with the ScriptConflict naming that change.
A preview renders replies through the real engine with the unsaved script; it stores
nothing.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.desk import access
from bot.desk import scripts as script_cases
from bot.desk.context import Actor, Desk
from bot.desk.library import mark_changed, require_known_categories
from bot.errors import UsageError
from replies.engine import Engine
from replies.library import Library
from replies.models import Channel, Suggestion
from storage import scripts as script_store
from storage import usage
from storage.scripts import ScriptRecord

Edit = Callable[[dict[str, Any]], dict[str, Any]]
_SLUG = re.compile(r"[^a-z0-9_-]+")
USAGE_DAYS = 30


def create(
    desk: Desk, data: Mapping[str, Any], *, actor: Actor, script_id: str | None = None
) -> ScriptRecord:
    """Store a new script (its id made from the category when not given)."""
    script_cases.checked_script(desk, script_id or "draft", data)  # refused before an id is chosen
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        require_known_categories(session, [(script_id or "-", str(data["category"]))])
        chosen = script_id or _free_id(session, str(data["category"]))
        if script_store.find_script(session, script_id=chosen) is not None:
            raise UsageError(f"script {chosen} exists", "script_exists", id=chosen)
        saved = script_store.add_script(
            session, script_id=chosen, data=script_cases.checked_data(desk, chosen, data),
            source="team", operator_id=operator.id, now=desk.now(),
        )  # fmt: skip
        mark_changed(session)
        return saved


def _free_id(session: Session, category: str) -> str:
    stem = _SLUG.sub("-", category.lower()).strip("-")[:50] or "script"
    taken = {r.id for r in script_store.list_scripts(session, status=None)}
    return next(f"{stem}-{n}" for n in range(1, len(taken) + 2) if f"{stem}-{n}" not in taken)


def draft(desk: Desk, script_id: str, change: Edit, *, actor: Actor) -> dict[str, Any]:
    """The script's current content with a change applied, validated (nothing is saved)."""
    current = script_cases.show(desk, script_id, actor=actor)
    data = change({k: list(v) if isinstance(v, list) else v for k, v in current.data.items()})
    script_cases.checked_script(desk, script_id, data)
    return data


def edit(desk: Desk, script_id: str, change: Edit, *, version: int, actor: Actor) -> ScriptRecord:
    """Apply a change to the script's content and save it as seen at ``version``."""
    data = draft(desk, script_id, change, actor=actor)
    return script_cases.save(desk, script_id, data, version=version, actor=actor)


def adding(name: str, texts: Sequence[str]) -> Edit:
    """Append texts to a list field (replies or triggers); ones already there are skipped."""

    def change(data: dict[str, Any]) -> dict[str, Any]:
        fresh = [t for t in dict.fromkeys(texts) if t not in data[name]]
        return {**data, name: [*data[name], *fresh]}

    return change


def setting_variant(number: int, text: str) -> Edit:
    """Replace variant ``number`` (counted from 1)."""

    def change(data: dict[str, Any]) -> dict[str, Any]:
        replies = data["replies"]
        replies[_index(number, len(replies), "bad_variant")] = text
        return {**data, "replies": replies}

    return change


def removing_trigger(which: str) -> Edit:
    """Drop one trigger, named by its text or its number (from 1)."""
    which = which.strip()

    def change(data: dict[str, Any]) -> dict[str, Any]:
        triggers = data["triggers"]
        if which in triggers:
            triggers.remove(which)
        elif which.isdigit():
            triggers.pop(_index(int(which), len(triggers), "bad_trigger"))
        else:
            raise UsageError(f"no trigger {which!r}", "no_trigger", value=which)
        return {**data, "triggers": triggers}

    return change


def setting_status(status: str) -> Edit:
    """Retire or restore."""
    return lambda data: {**data, "status": status}


def _index(number: int, count: int, code: str) -> int:
    if not 1 <= number <= count:
        raise UsageError(f"{number} is not between 1 and {count}", code, value=number, count=count)
    return number - 1


def preview(
    desk: Desk,
    data: Mapping[str, Any],
    sample: str,
    *,
    actor: Actor,
    channel: Channel = "dm",
    rng: random.Random | None = None,
) -> Suggestion:
    """Replies the unsaved script would give to a sample inquiry (nothing is stored)."""
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
    script = script_cases.checked_script(desk, str(data.get("id") or "draft"), data)
    live = desk.engine
    others = tuple(s for s in live.library.scripts if s.id != script.id)
    trial = Engine(Library((*others, script)), rules=live.rules, threshold=live.threshold,
                   suggestions=live.suggestions)  # fmt: skip
    code = script.accounts[0] if script.accounts else desk.config.default_account
    classification = live.classify(sample, account=code, channel=channel)
    return trial.compose(sample, classification, account=desk.account(code), channel=channel,
                         rng=rng or random.Random(), script_id=script.id)  # fmt: skip


@dataclass(frozen=True)
class ScriptCard:
    """A script and how often its replies were suggested and used in the last 30 days."""

    record: ScriptRecord
    suggested: int
    used: int


def card(desk: Desk, ref: str, *, actor: Actor) -> ScriptCard:
    """A script by id (or by the digest a long id travels as) with its 30-day figures."""
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
        record = script_store.get_script(session, script_id=resolve_ref(session, ref))
        since = desk.now() - timedelta(days=USAGE_DAYS)
        suggested, used = usage.script_counts_since(session, script_id=record.id, since=since)
    return ScriptCard(record, suggested, used)


def resolve_ref(session: Session, ref: str) -> str:
    """The script id a button names: the id itself, or '#' and a digest of a long one."""
    if not ref.startswith("#"):
        return ref
    for record in script_store.list_scripts(session, status=None):
        if "#" + hashlib.sha1(record.id.encode()).hexdigest()[:12] == ref:
            return record.id
    return ref  # get_script then says there is no such script
