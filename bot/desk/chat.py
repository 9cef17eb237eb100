"""A message typed in a chat front-end: the answer to an open dialogue, or an inquiry."""

from __future__ import annotations

from bot.desk import (
    access,
    dialogues,
    inquiries,
    prefs,
    proposal_dialogue,
    script_dialogues,
    script_uploads,
)
from bot.desk.context import Actor, Desk
from bot.desk.dialogues import Prompt
from bot.desk.inquiries import InquiryResult
from bot.desk.proposals import Decision
from bot.desk.script_dialogues import ScriptPrompt
from storage import botstate
from storage.botstate import DialogueRecord


def message(
    desk: Desk, text: str, *, actor: Actor, chat_id: int, once: str | None = None
) -> Prompt | ScriptPrompt | InquiryResult | Decision:
    """Continue the actor's open dialogue in this chat, else answer the customer's message
    on the actor's current account (one read for both, then one use case)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        open_dialogue = botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)
        chosen = botstate.get_account(session, operator_id=operator.id)
    if open_dialogue is not None:
        answered = _answer(desk, open_dialogue, text, actor=actor, chat_id=chat_id)
        if answered is not None:
            return answered
    account = prefs.effective_account(desk, chosen)
    return inquiries.handle(desk, text, actor=actor, account=account, once=once)


def _answer(
    desk: Desk, found: DialogueRecord, text: str, *, actor: Actor, chat_id: int
) -> Prompt | ScriptPrompt | Decision | None:
    """The one place a typed message is routed by the open dialogue's kind."""
    if found.kind in proposal_dialogue.KINDS:
        return proposal_dialogue.answer(desk, actor=actor, chat_id=chat_id, text=text)
    if found.kind in (script_dialogues.ADD, script_dialogues.EDIT):
        return script_dialogues.answer(desk, found, text, actor=actor)
    if found.kind == script_uploads.UPLOAD:
        return script_uploads.waiting(desk, actor=actor, chat_id=chat_id)
    return dialogues.answer(desk, actor=actor, chat_id=chat_id, text=text)
