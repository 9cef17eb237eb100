"""Shared pieces of the use-case tests: a settable clock, a desk, two people."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.desk import Actor, Desk
from replies.engine import Engine

CONFIG = Config(rotation_memory=5, repeat_warning=2)
ADMIN = Actor("terminal:root", "root")  # the first operator of an install is its admin
ALICE = Actor("terminal:alice", "alice")
BOB = Actor("terminal:bob", "bob")


class Clock:
    """A settable clock, starting at 10:00 Beijing time."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def make_desk(
    sessions: sessionmaker[Session], engine: Engine, config: Config = CONFIG, seed: int = 4
) -> Desk:
    """A desk whose first operator (the admin) already exists."""
    desk = Desk(config, engine, sessions, clock=Clock(), rng=random.Random(seed))
    from bot.desk import access

    with desk.transaction() as session:
        access.identify(session, ADMIN)
    return desk


def with_role(desk: Desk, actor: Actor, role: str) -> Actor:
    """Store a role for an actor (as an admin's grant would) and return the actor."""
    from storage import accounts

    with desk.transaction() as session:
        accounts.ensure_operator(
            session, handle=actor.handle, display_name=actor.display_name, role=role
        )
        accounts.set_operator_role(session, handle=actor.handle, role=role)
    return actor
