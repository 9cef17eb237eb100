"""What an operator chose that outlives one message: the current account."""

from __future__ import annotations

from bot.desk import access
from bot.desk.context import Actor, Desk
from storage import botstate


def current_account(desk: Desk, *, actor: Actor) -> str:
    """The account the actor chose last (the configured default until they choose)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        chosen = botstate.get_account(session, operator_id=operator.id)
    return effective_account(desk, chosen)


def effective_account(desk: Desk, chosen: str | None) -> str:
    """The stored choice while it is still a configured account, else the default."""
    codes = {a.code for a in desk.config.accounts}
    return chosen if chosen in codes else desk.config.default_account


def choose_account(desk: Desk, *, actor: Actor, code: str) -> str:
    """Make an account the actor's current one; ConfigError for an unknown code."""
    found = desk.config.account(code).code
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        botstate.set_account(session, operator_id=operator.id, account=found, now=desk.now())
    return found
