"""Half-done conversations kept in the database: lead logging and a won deal's value.

Any process on the same database reads the dialogue back on every message, so a restart
or a second webhook process continues it; every step is a compare-and-set on its
version, so two quick messages never both take the same step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bot.desk import access, claims
from bot.desk import leads as lead_cases
from bot.desk.context import Actor, Desk
from bot.errors import DeskError, UsageError
from replies import phones
from storage import botstate, usage
from storage.botstate import DialogueRecord

CONTACT_KEYS = ("red_nickname", "phone", "wechat")
_WECHAT_ID = r"[A-Za-z][A-Za-z0-9_-]{5,19}"


class DialogueMoved(DeskError):
    """Another message changed the dialogue first; this one was not applied."""


def moved() -> DialogueMoved:
    """The error for a dialogue another tap or process moved on (or closed) first."""
    return DialogueMoved("the dialogue moved on", "dialogue_moved")


def put(
    session: Session, desk: Desk, *, operator_id: int, chat_id: int, kind: str, step: str,
    data: dict[str, Any], expected: int | None,
) -> int:  # fmt: skip
    """Start (expected None) or advance a dialogue by compare-and-set; its new version."""
    version = botstate.put_dialogue(
        session, operator_id=operator_id, chat_id=chat_id, kind=kind, step=step, data=data,
        now=desk.now(), expected=expected,
    )  # fmt: skip
    if version is None:
        raise moved()
    return version


def close(
    session: Session, *, operator_id: int, chat_id: int, kind: str, version: int
) -> DialogueRecord:
    """End the dialogue of this kind at the version read; DialogueMoved if it moved."""
    found = botstate.get_dialogue(session, operator_id=operator_id, chat_id=chat_id)
    if found is None or found.kind != kind or found.version != version:
        raise moved()
    botstate.end_dialogue(session, operator_id=operator_id, chat_id=chat_id, expected=version)
    return found


@dataclass(frozen=True)
class Prompt:
    """Where a dialogue stands: the step to ask next, the values so far, duplicates."""

    kind: str
    step: str
    values: dict[str, Any]
    version: int
    duplicates: tuple[str, ...] = field(default=())


def current(desk: Desk, *, actor: Actor, chat_id: int) -> DialogueRecord | None:
    """The actor's open dialogue in this chat, if any."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        return botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)


def begin_lead(desk: Desk, *, actor: Actor, chat_id: int, inquiry_id: int) -> Prompt:
    """Start logging a lead from the thread of an inquiry; asks only for what is missing."""
    with desk.transaction() as session:
        access.require(session, actor, "log_lead", floors=desk.floors)
        inquiry = usage.get_inquiry(session, inquiry_id=inquiry_id)
    thread_id, account = inquiry.thread_id, inquiry.account_code
    values = lead_cases.draft(desk, thread_id=thread_id)
    data = {"account": account, "thread_id": thread_id, "values": values}
    with desk.transaction() as session:
        operator = access.require(session, actor, "log_lead", floors=desk.floors)
        return _store(session, desk, operator.id, chat_id, data, None)


def answer(desk: Desk, *, actor: Actor, chat_id: int, text: str) -> Prompt | None:
    """Apply a typed answer to the open dialogue's step; None when no dialogue is open."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        found = botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)
        if found is None:
            return None
        if found.kind == "deal":
            return _deal_value(session, desk, actor, found, text)
        data = dict(found.data)
        data["values"] = {**data["values"], **_parse(found.step, text.strip())}
        return _store(session, desk, operator.id, chat_id, data, found.version)


def confirm_lead(
    desk: Desk, *, actor: Actor, chat_id: int, version: int, once: str | None = None
) -> lead_cases.LeadOutcome:
    """Log the lead of the open dialogue (at the version shown) and close the dialogue."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "log_lead", floors=desk.floors)
        claims.once(session, desk, once)
        found = botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)
        if found is None or found.kind != "lead" or found.version != version:
            raise moved()
        botstate.end_dialogue(session, operator_id=operator.id, chat_id=chat_id, expected=version)
        data = found.data
        return lead_cases.log_in(
            session, desk, actor=actor, account=data["account"], fields=data["values"],
            thread_id=data.get("thread_id"),
        )  # fmt: skip


def begin_deal(desk: Desk, *, actor: Actor, chat_id: int, clue: str) -> Prompt:
    """Ask for a won deal's value before marking the lead won."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        version = botstate.put_dialogue(
            session, operator_id=operator.id, chat_id=chat_id, kind="deal", step="value",
            data={"clue": clue}, now=desk.now(), expected=None,
        )  # fmt: skip
        return Prompt("deal", "value", {"clue": clue}, version or 1)


def cancel(desk: Desk, *, actor: Actor, chat_id: int) -> bool:
    """Close the open dialogue, if any (nothing is saved)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        return botstate.end_dialogue(session, operator_id=operator.id, chat_id=chat_id)


def _store(
    session: Session,
    desk: Desk,
    operator_id: int,
    chat_id: int,
    data: dict[str, Any],
    expected: int | None,
) -> Prompt:
    values = data["values"]
    step = _next_step(values)
    duplicates: tuple[str, ...] = ()
    if step == "confirm":
        checked = lead_cases.check_in(session, desk, account=data["account"], fields=values)
        data["values"], duplicates = dict(checked.values), checked.duplicates
    version = put(
        session, desk, operator_id=operator_id, chat_id=chat_id, kind="lead", step=step,
        data=data, expected=expected,
    )  # fmt: skip
    return Prompt("lead", step, dict(data["values"]), version, duplicates)


def _next_step(values: dict[str, Any]) -> str:
    if not any(values.get(key) for key in CONTACT_KEYS):
        return "contact"
    return "need" if not values.get("need") else "confirm"


def _parse(step: str, text: str) -> dict[str, Any]:
    if step == "need":
        return {"need": text}
    if step != "contact":
        return {}
    number = phones.normalise(text)
    if number:
        return {"phone": number}
    if re.fullmatch(_WECHAT_ID, text) and any(c.isdigit() or c == "_" for c in text):
        return {"wechat": text}
    return {"red_nickname": text}


def _deal_value(
    session: Session, desk: Desk, actor: Actor, found: DialogueRecord, text: str
) -> Prompt:
    from replies.extract import parse_number

    value = parse_number(text.replace(",", "").replace("元", "").strip())
    if value is None or value < 0 or value != int(value):
        raise UsageError(f"bad deal value {text!r}", "bad_deal_value", value=text)
    botstate.end_dialogue(
        session, operator_id=found.operator_id, chat_id=found.chat_id, expected=found.version
    )
    clue = found.data["clue"]
    lead_cases.set_status_in(session, desk, clue, "won", actor=actor, deal_value=int(value))
    return Prompt("deal", "done", {"clue": clue, "deal_value": int(value)}, found.version + 1)
