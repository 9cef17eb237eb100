"""Exactly-once facts inside a use case's own transaction (an update handled once)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.desk.context import Desk
from bot.errors import DeskError
from storage import botstate


class AlreadyHandled(DeskError):
    """The same delivery (an update id) was handled before; nothing was done again."""


def once(session: Session, desk: Desk, key: str | None) -> None:
    """Claim key in this transaction; AlreadyHandled when it was claimed before."""
    if key is not None and not botstate.claim(session, key=key, now=desk.now()):
        raise AlreadyHandled(f"{key} was handled before", "already_handled")
