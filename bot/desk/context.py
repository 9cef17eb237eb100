"""The services every use case needs, and the one transaction helper.

A ``Desk`` holds no conversation state: use cases take ids and read what they need,
so another process on the same database, or a restart, continues where this one was.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.desk.learning import Learned
from bot.desk.reload import Reloading
from bot.runtime import account_of
from replies.models import Account
from storage import accounts as account_store
from storage.db import make_db, make_session_factory, safe_url
from storage.migrate import upgrade_if_needed

if TYPE_CHECKING:
    from replies.engine import Engine


@dataclass(frozen=True)
class Actor:
    """Who is acting: a stable handle ("terminal:alice", "tg:123") and a display name.

    Deliberately no role: use cases read the role from the database every time.
    """

    handle: str
    display_name: str


@dataclass
class Desk:
    """The reply engine, the database and the clock the use cases run on.

    A desk made without an engine (None) builds one from the database's library the
    first time it is asked for. On SQLite every transaction takes the write lock, so
    that first time must not be inside a transaction: ``Desk.open`` reads the library
    at once unless told the commands it serves never match (leads, summaries).
    """

    config: Config
    _engine: Engine | None
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    rng: random.Random = field(default_factory=random.Random)
    _account_ids: dict[str, int] = field(default_factory=dict, repr=False)
    learned: Learned = field(default_factory=Learned, repr=False)
    scripts_stamp: int | None = None  # the "scripts" stamp the engine's library is from
    reloading: Reloading = field(default_factory=Reloading, repr=False)
    _building: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(
        cls, config: Config, *, warm: bool = True, library: bool = True, **kwargs: Any
    ) -> Desk:
        """Connect, migrate (only when behind), seed an empty library from the files.

        By default the engine is built now and trained (every account's model, examples
        included); ``warm=False`` builds it untrained, for commands that edit the
        library; ``library=False`` leaves it to first use, for commands that never
        answer an inquiry (the lead log, summaries), which then neither read nor
        validate the scripts, nor load the matching code.
        """
        from bot.desk.learning import load_at_start
        from bot.desk.library import seed_library

        db = make_db(config.db_url())
        upgrade_if_needed(db, safe_url(db.url), config.timezone)
        sessions = make_session_factory(db)
        seed_library(sessions, config)
        desk = cls(config, None, sessions, **kwargs)
        if library and warm:
            load_at_start(desk)
        elif library:
            desk.engine = desk._engine_from_database()
        return desk

    @property
    def engine(self) -> Engine:
        """The reply engine (built from the database's library on first use)."""
        if self._engine is None:
            with self._building:
                if self._engine is None:
                    self._engine = self._engine_from_database()
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._engine = engine

    def _engine_from_database(self) -> Engine:
        from bot.desk import reload
        from bot.desk.library import read_start
        from bot.runtime import build_engine

        start = read_start(self.sessions)
        engine = build_engine(self.config, warm=False, library=start.library)
        self.scripts_stamp = start.stamp
        reload.seen_at_start(self, start.library, start.versions)
        return engine

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: everything in it is written, or nothing is."""
        with self.sessions.begin() as session:
            yield session

    @property
    def floors(self) -> dict[str, str]:
        """The least role of each user listed in the config ([access]), by handle."""
        return self.config.role_floors()

    def now(self) -> datetime:
        """The current time (UTC, injectable for tests)."""
        return self.clock()

    def today(self) -> date:
        """The local date in the configured time zone."""
        return self.clock().astimezone(self.config.tz).date()

    def day_start(self, day: date) -> datetime:
        """Local midnight of a day, in UTC."""
        return datetime.combine(day, datetime.min.time(), self.config.tz).astimezone(UTC)

    def account(self, code: str | None) -> Account:
        """The engine's view of a configured account (UsageError-free: ConfigError if unknown)."""
        return account_of(self.config, code)

    def account_id(self, session: Session, code: str | None) -> int:
        """The account's row id, created from the configuration on first use (writes)."""
        found = self.config.account(code or self.config.default_account)
        if found.code in self._account_ids:
            return self._account_ids[found.code]
        # Created (or renamed to the configured name) in this transaction; cached only once
        # a later transaction sees it, since this one may still roll back.
        existing = account_store.find_account_id(session, code=found.code)
        account_id = account_store.ensure_account(
            session, code=found.code, name=found.name, city=found.city
        )
        if existing is not None:
            self._account_ids[found.code] = account_id
        return account_id

    def existing_account_id(self, session: Session, code: str | None) -> int | None:
        """The account's row id if it exists (reads only: None before any write)."""
        found = self.config.account(code or self.config.default_account)
        return account_store.find_account_id(session, code=found.code)
