"""The guided /propose dialogue and a rejection's reason, kept in the database.

Steps of a proposal: kind → script id (variant, trigger) or category, then triggers
(script) → texts → confirm. Every step is checked as it is answered and stored with a
compare-and-set on the dialogue's version, so a restart or another process continues
it and two quick messages never both take one step; a bad answer leaves the step as it
was. Submitting stores the proposal and closes the dialogue in one transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.desk import access, claims, dialogues
from bot.desk import proposal_drafts as drafts
from bot.desk import proposals as cases
from bot.desk.context import Actor, Desk
from bot.desk.dialogues import Prompt
from bot.desk.examples import resolve_category
from bot.desk.proposals import Decision, Proposal
from bot.errors import UsageError
from replies.library import MIN_TRIGGERS
from storage import botstate
from storage import scripts as script_store
from storage.botstate import DialogueRecord
from storage.records import OperatorRecord

PROPOSE, REJECT = "propose", "reject"
KINDS = (PROPOSE, REJECT)  # the dialogue kinds this module answers


def begin(
    desk: Desk, *, actor: Actor, chat_id: int, kind: str | None = None, script_id: str | None = None
) -> Prompt:
    """Start a proposal (kind and script may be given already, as /propose's arguments)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "propose", desk.floors)
        values: dict[str, Any] = {}
        if kind:
            values = _answer(session, desk, "kind", kind, values)
        if script_id and values.get("kind") in drafts.FIELDS:
            values = _answer(session, desk, "script", script_id, values)
        elif script_id:  # the id of the new script
            values["script_id"] = drafts.free_script_id(session, script_id)
        return _put(session, desk, operator, chat_id, values, None)


def choose_kind(desk: Desk, *, actor: Actor, chat_id: int, kind: str, version: int) -> Prompt:
    """A kind button on the dialogue's first question."""
    with desk.transaction() as session:
        operator, found = _open(session, desk, actor, chat_id, version)
        values = _answer(session, desk, "kind", kind, dict(found.data))
        return _put(session, desk, operator, chat_id, values, found.version)


def answer(desk: Desk, *, actor: Actor, chat_id: int, text: str) -> Prompt | Decision | None:
    """A typed answer to the open proposal's step, or a rejection's reason."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", desk.floors)
        found = botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)
        if found is None or found.kind not in KINDS:
            return None
        if found.kind == REJECT:
            return _reason(session, desk, actor, found, text)
        values = _answer(session, desk, found.step, text, dict(found.data))
        return _put(session, desk, operator, chat_id, values, found.version)


def submit(
    desk: Desk, *, actor: Actor, chat_id: int, version: int, once: str | None = None
) -> Proposal:
    """Store the proposal the confirm card shows and close the dialogue."""
    with desk.transaction() as session:
        operator, found = _open(session, desk, actor, chat_id, version)
        claims.once(session, desk, once)
        if found.step != "confirm":
            raise dialogues.moved()
        botstate.end_dialogue(session, operator_id=operator.id, chat_id=chat_id, expected=version)
        return cases.store(session, desk, _draft(session, desk, found.data), operator)


def begin_reject(desk: Desk, *, actor: Actor, chat_id: int, proposal_id: int) -> Prompt:
    """Reject: ask for an optional reason (a typed line, or the no-reason button)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "review_proposals", desk.floors)
        cases.still_pending(session, proposal_id)
        version = dialogues.put(
            session, desk, operator_id=operator.id, chat_id=chat_id, kind=REJECT, step="reason",
            data={"proposal": proposal_id}, expected=None,
        )  # fmt: skip
        return Prompt(REJECT, "reason", {"proposal": proposal_id}, version)


def _reason(
    session: Session, desk: Desk, actor: Actor, found: DialogueRecord, text: str
) -> Decision:
    operator = access.require(session, actor, "review_proposals", desk.floors)
    if not botstate.end_dialogue(
        session, operator_id=operator.id, chat_id=found.chat_id, expected=found.version
    ):
        raise dialogues.moved()
    return cases.reject_in(session, desk, int(found.data["proposal"]), operator, text)


def _open(
    session: Session, desk: Desk, actor: Actor, chat_id: int, version: int
) -> tuple[OperatorRecord, DialogueRecord]:
    operator = access.require(session, actor, "propose", desk.floors)
    found = botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)
    if found is None or found.kind != PROPOSE or found.version != version:
        raise dialogues.moved()
    return operator, found


def _answer(
    session: Session, desk: Desk, step: str, text: str, values: dict[str, Any]
) -> dict[str, Any]:
    """The values with one step's answer in (UsageError or NotFound for a bad one)."""
    text = text.strip()
    if step == "kind":
        if text not in drafts.KINDS:
            raise UsageError(f"unknown kind {text!r}", "proposal_kind", value=text)
        return {"kind": text}
    if step == "script":
        return {**values, "script_id": script_store.get_script(session, script_id=text).id}
    if step == "category":
        return {**values, "category": resolve_category(drafts.known_library(session, desk), text)}
    lines = drafts.texts_of(text.splitlines())
    if step == "triggers" and len(lines) < MIN_TRIGGERS:
        raise UsageError("too few triggers", "proposal_few_triggers", n=MIN_TRIGGERS)
    if step in ("triggers", "texts"):
        return {**values, step: lines}
    raise UsageError("press a button", "proposal_press_button")  # kind and confirm


def _next_step(values: dict[str, Any]) -> str:
    kind = values.get("kind")
    if not kind:
        return "kind"
    if kind == "script":
        if not values.get("category"):
            return "category"
        if not values.get("triggers"):
            return "triggers"
    elif not values.get("script_id"):
        return "script"
    return "texts" if not values.get("texts") else "confirm"


def _draft(session: Session, desk: Desk, values: dict[str, Any]) -> drafts.Draft:
    return drafts.draft(
        session, desk, values["kind"], texts=values["texts"], script_id=values.get("script_id"),
        category=values.get("category"), triggers=values.get("triggers", ()),
    )  # fmt: skip


def _put(
    session: Session,
    desk: Desk,
    operator: OperatorRecord,
    chat_id: int,
    values: dict[str, Any],
    expected: int | None,
) -> Prompt:
    step = _next_step(values)
    if step == "confirm":
        _draft(session, desk, values)  # checked whole before the card offers to submit it
    version = dialogues.put(
        session, desk, operator_id=operator.id, chat_id=chat_id, kind=PROPOSE, step=step,
        data=values, expected=expected,
    )  # fmt: skip
    return Prompt(PROPOSE, step, values, version)


def reject_now(desk: Desk, *, actor: Actor, chat_id: int, proposal_id: int) -> Decision:
    """The no-reason button: reject, closing this chat's reason dialogue for it if open."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "review_proposals", desk.floors)
        found = botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)
        if found is not None and found.kind == REJECT and found.data["proposal"] == proposal_id:
            botstate.end_dialogue(
                session, operator_id=operator.id, chat_id=chat_id, expected=found.version
            )
        return cases.reject_in(session, desk, proposal_id, operator, None)
