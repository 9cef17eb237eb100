"""Half-done script edits kept in the database: /addscript and the edits of a script card.

Like the lead dialogue (bot/desk/dialogues.py) every step is read back from the database
and advanced by compare-and-set, so a restart or another process continues it. The step
that saves first closes the dialogue at the version read (two quick messages never both
save), then saves naming the script version the editor saw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.desk import access, claims, dialogues
from bot.desk import script_edits as edits
from bot.desk import scripts as script_cases
from bot.desk.context import Actor, Desk
from bot.desk.examples import resolve_category
from bot.errors import UsageError
from replies.library import MIN_REPLIES, MIN_TRIGGERS
from replies.models import Suggestion
from storage import botstate
from storage.botstate import DialogueRecord
from storage.scripts import ScriptRecord

ADD, EDIT = "addscript", "scriptedit"
EDIT_ACTIONS = ("add_variant", "set_variant", "add_trigger", "remove_trigger")
ADD_STEPS = ("category", "triggers", "variants", "hook", "confirm")
NO_HOOK = ("-", "无", "none")
_CUSTOM = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class ScriptPrompt:
    """Where a script dialogue stands; ``saved`` once it stored a script, then it is over."""

    kind: str
    step: str
    values: dict[str, Any]
    version: int
    preview: Suggestion | None = None
    saved: ScriptRecord | None = None


def begin_add(desk: Desk, *, actor: Actor, chat_id: int) -> ScriptPrompt:
    """Start /addscript: ask for the category."""
    return _put(desk, actor, chat_id, ADD, "category", {"values": {}}, None)


def begin_edit(
    desk: Desk, script_id: str, action: str, *, version: int, actor: Actor, chat_id: int
) -> ScriptPrompt:
    """Start one edit of a script seen at ``version`` (set_variant first asks which one)."""
    if action not in EDIT_ACTIONS:
        raise UsageError(f"unknown edit {action!r}", "bad_edit", value=action)
    record = script_cases.show(desk, script_id, actor=actor)
    step = "which" if action == "set_variant" else "text"
    values = {"id": script_id, "action": action, "script_version": version}
    values |= {"replies": list(record.data["replies"]), "triggers": list(record.data["triggers"])}
    return _put(desk, actor, chat_id, EDIT, step, {"values": values}, None)


def answer(desk: Desk, found: DialogueRecord, text: str, *, actor: Actor) -> ScriptPrompt:
    """Apply a typed answer to the step of an open script dialogue."""
    values = dict(found.data["values"])
    if found.kind == ADD:
        return _add_step(desk, found, values, text.strip(), actor)
    if found.step == "which":
        number = _number(text, len(values["replies"]))
        step_values = {**values, "number": number}
        return _put(desk, actor, found.chat_id, EDIT, "text", {"values": step_values},
                    found.version)  # fmt: skip
    return _finish_edit(desk, found, values, text.strip(), actor)


def choose_category(desk: Desk, *, actor: Actor, chat_id: int, text: str) -> ScriptPrompt:
    """Answer /addscript's category step with a button's choice; DialogueMoved if it moved."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        found = botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)
    if found is None or found.kind != ADD or found.step != "category":  # an old button
        raise dialogues.moved()
    return answer(desk, found, text, actor=actor)


def _add_step(
    desk: Desk, found: DialogueRecord, values: dict[str, Any], text: str, actor: Actor
) -> ScriptPrompt:
    step, preview = found.step, None
    if step == "category":
        values["category"] = _category(desk, text)
    elif step == "triggers":
        values["triggers"] = _lines(text, MIN_TRIGGERS)
    elif step == "variants":
        values["replies"] = _lines(text, MIN_REPLIES)
        script_cases.checked_script(desk, "draft", values)  # a bad variant is refused here
    elif step == "hook":
        values["hooks"] = [] if text.lower() in NO_HOOK else _lines(text, 1)
    if step in ("hook", "confirm"):
        sample = text if step == "confirm" else values["triggers"][0]  # a typed sample
        preview = edits.preview(desk, values, sample, actor=actor, rng=desk.rng)
    following = ADD_STEPS[min(ADD_STEPS.index(step) + 1, len(ADD_STEPS) - 1)]
    prompt = _put(desk, actor, found.chat_id, ADD, following, {"values": values}, found.version)
    return ScriptPrompt(ADD, following, values, prompt.version, preview)


def save_added(
    desk: Desk, *, actor: Actor, chat_id: int, version: int, once: str | None = None
) -> ScriptPrompt:
    """Store the script /addscript built (at the dialogue version the preview showed)."""
    values = _close(desk, actor, chat_id, ADD, version, once)
    script_cases.checked_script(desk, "draft", values)
    saved = edits.create(desk, values, actor=actor)
    return ScriptPrompt(ADD, "done", values, version, saved=saved)


def _finish_edit(
    desk: Desk, found: DialogueRecord, values: dict[str, Any], text: str, actor: Actor
) -> ScriptPrompt:
    script_id, seen = values["id"], values["script_version"]
    change = _change(values, text)
    data = edits.draft(desk, script_id, change, actor=actor)  # bad input keeps the dialogue
    _close(desk, actor, found.chat_id, EDIT, found.version, None)
    saved = script_cases.save(desk, script_id, data, version=seen, actor=actor)
    return ScriptPrompt(EDIT, "done", values, found.version, saved=saved)


def _change(values: dict[str, Any], text: str) -> edits.Edit:
    action = values["action"]
    if not text:
        raise UsageError("empty answer", "few_lines", need=1, got=0)
    if action == "add_variant":
        return edits.adding("replies", _lines(text, 1))
    if action == "set_variant":
        return edits.setting_variant(values["number"], text)
    if action == "add_trigger":
        return edits.adding("triggers", _lines(text, 1))
    return edits.removing_trigger(text)


def _close(
    desk: Desk, actor: Actor, chat_id: int, kind: str, version: int, once: str | None
) -> dict[str, Any]:
    """End the dialogue at the version read; its values (DialogueMoved if it moved)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        claims.once(session, desk, once)
        found = dialogues.close(
            session, operator_id=operator.id, chat_id=chat_id, kind=kind, version=version
        )
        return dict(found.data["values"])


def _put(
    desk: Desk,
    actor: Actor,
    chat_id: int,
    kind: str,
    step: str,
    data: dict[str, Any],
    expected: int | None,
) -> ScriptPrompt:
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        version = dialogues.put(
            session, desk, operator_id=operator.id, chat_id=chat_id, kind=kind, step=step,
            data=data, expected=expected,
        )  # fmt: skip
    return ScriptPrompt(kind, step, dict(data["values"]), version)


def _category(desk: Desk, text: str) -> str:
    try:
        return resolve_category(desk.engine.library, text)
    except UsageError:
        if _CUSTOM.match(text):  # a new custom category, named by its id
            return text
        raise


def _lines(text: str, minimum: int) -> list[str]:
    lines = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
    if len(lines) < minimum:
        raise UsageError(f"{len(lines)} lines, need {minimum}", "few_lines", need=minimum,
                         got=len(lines))  # fmt: skip
    return lines


def _number(text: str, count: int) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= count:
        raise UsageError(f"{text!r} is not 1-{count}", "bad_variant", value=text, count=count)
    return int(text)
