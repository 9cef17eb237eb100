"""Keep this process's engine in step with the database's learned examples.

One version stamp (``stamps.examples``) is bumped in the transaction of every change;
each inquiry reads it (one primary-key SELECT) and, when it moved, loads the active
examples. A new example counts at once (``Engine.learn``: an equal normalised text
takes its category) and a background thread refits the models, swapping them in one
assignment. A removal rebuilds the engine without it before the inquiry is answered:
the old models may have learned the removed example, so they cannot be kept.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import inspect

from replies.errors import ExampleError
from replies.models import Example
from storage import examples as example_store
from storage.errors import StorageError
from storage.records import ExampleRecord

if TYPE_CHECKING:
    from bot.config import Config
    from bot.desk.context import Desk
    from replies.engine import Engine

logger = logging.getLogger(__name__)
STAMP = example_store.EXAMPLES_STAMP


@dataclass
class Learned:
    """Which database examples this process's engine knows, as of which stamp."""

    stamp: int | None = None  # None: the database's examples were never loaded
    ids: set[int] = field(default_factory=set)
    base: tuple[Example, ...] | None = None  # the engine's own examples (not the database's)
    background: bool = True  # refit in a thread; False refits before returning (tests)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # refit flags
    # Front-ends may answer in several threads (Telegram runs use cases in to_thread).
    syncing: threading.RLock = field(default_factory=threading.RLock, repr=False)
    refitting: bool = False
    dirty: bool = False


def example_of(record: ExampleRecord) -> Example:
    """A stored example as the engine's Example."""
    return Example(record.text, record.category, record.account_code)


def refresh(desk: Desk) -> None:
    """Load the database's examples when their stamp moved since this desk last looked."""
    with desk.transaction() as session:
        stamp = example_store.read_stamp(session, name=STAMP)
        if stamp == desk.learned.stamp:
            return
        # Read after the stamp: a change in between is loaded now and seen again next time.
        records = example_store.list_examples(session)
    sync(desk, records, stamp)


def sync(desk: Desk, records: Sequence[ExampleRecord], stamp: int) -> None:
    """Make the engine know exactly these active examples, then remember the stamp."""
    state = desk.learned
    with state.syncing:
        if state.stamp is None or stamp > state.stamp:  # a slower thread's older read: skip
            _sync(desk, records, stamp)


def _sync(desk: Desk, records: Sequence[ExampleRecord], stamp: int) -> None:
    state = desk.learned
    if state.base is None:
        state.base = desk.engine.examples
    active = {record.id for record in records}
    if state.ids - active:
        logger.info("learned examples removed: rebuilding the category models")
        desk.engine = rebuilt(desk.engine, [*state.base, *_valid(desk.engine, records)])
        desk.engine.warm(a.code for a in desk.config.accounts)
    else:
        fresh = [record for record in records if record.id not in state.ids]
        _learn(desk, fresh)
    state.ids = active
    state.stamp = stamp


def taught(desk: Desk, records: Sequence[ExampleRecord], version: int) -> None:
    """Take in examples this process just stored (the stamp is now ``version``)."""
    with desk.learned.syncing:
        _taught(desk, records, version)


def _taught(desk: Desk, records: Sequence[ExampleRecord], version: int) -> None:
    state = desk.learned
    if state.base is None:
        state.base = desk.engine.examples
    _learn(desk, [record for record in records if record.id not in state.ids])
    state.ids.update(record.id for record in records)
    # Only when no other process changed anything since we last looked; else the next
    # inquiry's refresh loads what they did.
    if state.stamp is not None and version == state.stamp + 1:
        state.stamp = version


def rebuilt(old: Engine, examples: Iterable[Example]) -> Engine:
    """A new engine like ``old`` (library, rules, options) with exactly these examples."""
    return type(old)(
        old.library, rules=old.rules, threshold=old.threshold, suggestions=old.suggestions,
        memory=old.memory, options=old.options, cache=old.cache, examples=examples,
    )  # fmt: skip


def _valid(engine: Engine, records: Iterable[ExampleRecord]) -> list[Example]:
    # An example of a category the (since edited) library no longer has cannot be learned.
    known = set(engine.library.categories)
    found = [example_of(record) for record in records]
    for example in found:
        if example.category not in known:
            logger.warning("skipping a learned example of unknown category %r", example.category)
    return [example for example in found if example.category in known]


def _learn(desk: Desk, records: Sequence[ExampleRecord]) -> None:
    if not records:
        return
    teach(desk.engine, _valid(desk.engine, records))
    refit_soon(desk)


def refit_soon(desk: Desk) -> None:
    """Refit the engine's models with every example, in one background thread at a time."""
    state, engine = desk.learned, desk.engine
    if not state.background:
        engine.refit()
        return
    with state.lock:
        if state.refitting:
            state.dirty = True  # the running refit goes round once more
            return
        state.refitting = True
    threading.Thread(target=_refit_loop, args=(engine, state), daemon=True).start()


def _refit_loop(engine: Engine, state: Learned) -> None:
    while True:
        try:
            engine.refit()
        except Exception:  # a background thread has nobody to raise to
            logger.exception("refitting the category models failed")
        with state.lock:
            if not state.dirty:
                state.refitting = False
                return
            state.dirty = False


def load_at_start(desk: Desk) -> None:
    """Teach a new desk's untrained engine the database's examples, then train it."""
    with desk.transaction() as session:
        stamp = example_store.read_stamp(session, name=STAMP)
        records = example_store.list_examples(session)
    desk.learned.base = desk.engine.examples
    teach(desk.engine, _valid(desk.engine, records))
    desk.learned.ids = {record.id for record in records}
    desk.learned.stamp = stamp
    desk.engine.warm(a.code for a in desk.config.accounts)


def teach(engine: Engine, examples: Iterable[Example]) -> None:
    """engine.learn every example, skipping (and logging) one the library cannot take."""
    for example in examples:
        try:
            engine.learn(example)
        except ExampleError as exc:
            logger.warning("skipping a learned example: %s", exc)


def database_examples(config: Config) -> list[Example]:
    """The configured database's active examples, read only (none without a database)."""
    from storage.db import existing_db, make_session_factory

    try:
        db = existing_db(config.db_url())
        if db is None:
            return []
        try:
            if not inspect(db).has_table("learned_examples"):
                return []  # a database from before the examples existed; never migrated here
            with make_session_factory(db).begin() as session:
                return [example_of(r) for r in example_store.list_examples(session)]
        finally:
            db.dispose()
    except StorageError as exc:
        logger.warning("learned examples not loaded: %s", exc)
        return []
