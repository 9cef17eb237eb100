"""A message typed in a chat front-end: the answer to an open dialogue, or an inquiry."""

from __future__ import annotations

from bot.desk import access, dialogues, inquiries, prefs, proposal_dialogue
from bot.desk.context import Actor, Desk
from bot.desk.dialogues import Prompt
from bot.desk.inquiries import InquiryResult
from bot.desk.proposals import Decision
from storage import botstate


def message(
    desk: Desk, text: str, *, actor: Actor, chat_id: int, once: str | None = None
) -> Prompt | InquiryResult | Decision:
    """Continue the actor's open dialogue in this chat, else answer the customer's message
    on the actor's current account (one read for both, then one use case)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        open_dialogue = botstate.get_dialogue(session, operator_id=operator.id, chat_id=chat_id)
        chosen = botstate.get_account(session, operator_id=operator.id)
    if open_dialogue is not None:
        mine = open_dialogue.kind in proposal_dialogue.KINDS
        answer = proposal_dialogue.answer if mine else dialogues.answer
        answered = answer(desk, actor=actor, chat_id=chat_id, text=text)
        if answered is not None:
            return answered
    account = prefs.effective_account(desk, chosen)
    return inquiries.handle(desk, text, actor=actor, account=account, once=once)
