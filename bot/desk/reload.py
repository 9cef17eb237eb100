"""Keep this process's library in step with the database's: live reload.

Every change of the library bumps the "scripts" stamp in its transaction. Each inquiry
reads that stamp (one primary-key SELECT); when it moved, a background thread reads the
active scripts' versions, parses only the scripts whose version it has not seen (the
others keep their parsed Script, and compiled templates are cached by their text), builds
a new engine and swaps it in with one assignment. An inquiry holds one engine for its
whole handling, so it answers from one consistent library whatever is swapped meanwhile.
When only replies, hooks or tags changed, the new engine shares the trained models
(``Engine.with_library``); a trigger or category change retrains, in the thread.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.desk.library import script_of
from replies.library import Library
from replies.models import Script
from storage import examples as stamp_store
from storage import scripts as script_store
from storage.scripts import SCRIPTS_STAMP

if TYPE_CHECKING:
    from bot.desk.context import Desk
    from replies.engine import Engine

logger = logging.getLogger(__name__)
FEW = 500  # above this many changed scripts, reading them all is cheaper than an IN list


@dataclass
class Reloading:
    """What this process's library was built from, and whether a rebuild is running."""

    background: bool = True  # rebuild in a thread; False rebuilds before returning (tests)
    parsed: dict[str, tuple[int, Script]] = field(default_factory=dict)  # id -> version, Script
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    running: bool = False
    again: bool = False  # the stamp moved while a rebuild ran: it goes round once more
    failed: int | None = None  # a stamp whose library could not be built (not retried)
    done: threading.Event = field(default_factory=threading.Event, repr=False)


def seen_at_start(desk: Desk, library: Library, versions: dict[str, int]) -> None:
    """Remember the versions the desk's starting library was read at."""
    desk.reloading.parsed = {s.id: (versions[s.id], s) for s in library.scripts if s.id in versions}


def refresh(desk: Desk) -> None:
    """Start a rebuild when the "scripts" stamp moved since the engine's library was read."""
    if desk.scripts_stamp is None:
        return  # an engine not built from the database (tests, `match`): nothing to follow
    with desk.transaction() as session:
        stamp = stamp_store.read_stamp(session, name=SCRIPTS_STAMP)
    if stamp == desk.scripts_stamp or stamp == desk.reloading.failed:
        return
    state = desk.reloading
    if not state.background:
        rebuild(desk)
        return
    with state.lock:
        if state.running:
            state.again = True
            return
        state.running, state.again = True, False
        state.done.clear()
    threading.Thread(target=_loop, args=(desk,), daemon=True, name="library-reload").start()


def _loop(desk: Desk) -> None:
    state = desk.reloading
    while True:
        try:
            rebuild(desk)
        except Exception:  # a background thread has nobody to raise to
            logger.exception("reloading the script library failed")
        with state.lock:
            if not state.again:
                state.running = False
                state.done.set()
                return
            state.again = False


def rebuild(desk: Desk) -> None:
    """Read the database's library (changed scripts only), build an engine, swap it in."""
    state = desk.reloading
    with desk.transaction() as session:
        stamp = stamp_store.read_stamp(session, name=SCRIPTS_STAMP)
        # Read after the stamp: a change in between is loaded now and seen again next time.
        versions = script_store.active_versions(session)
        stale = [sid for sid, v in versions.items() if state.parsed.get(sid, (0,))[0] != v]
        records = script_store.list_scripts(session, ids=stale if len(stale) <= FEW else None)
    base = desk.engine
    count = len(base.examples)  # learned after this: taught to the new engine at the swap
    try:
        fresh = {r.id: (r.version, script_of(r)) for r in records if r.id in stale}
        parsed = {sid: fresh.get(sid) or state.parsed[sid] for sid in sorted(versions)}
        engine = _built(base, Library(tuple(script for _, script in parsed.values())), desk)
    except Exception:
        state.failed = stamp  # kept on the old library; tried again at the next change
        raise
    state.parsed = parsed
    logger.info("script library reloaded: %d scripts, %d re-read", len(parsed), len(fresh))
    _swap(desk, (base, count), engine, stamp)


def _built(base: Engine, library: Library, desk: Desk) -> Engine:
    engine = base.with_library(library)
    engine.warm(a.code for a in desk.config.accounts)  # trains here, not in an inquiry
    return engine


def _swap(desk: Desk, was: tuple[Engine, int], engine: Engine, stamp: int) -> None:
    # Under the learning lock, so examples learned meanwhile are not lost: those taught
    # to the old engine while this one was built are taught again; if learning replaced
    # the engine (an example removed), the new one is built again from its replacement.
    with desk.learned.syncing:
        if desk.scripts_stamp is not None and stamp <= desk.scripts_stamp:
            return  # an older read finished after a newer one
        base, count = was
        if desk.engine is not base:
            engine = _built(desk.engine, engine.library, desk)
        else:
            known = set(engine.library.categories)
            taught = [e for e in base.examples[count:] if e.category in known]
            for example in taught:
                engine.learn(example)
            if taught:
                engine.refit()
        desk.engine = engine  # one assignment: an inquiry holds either engine, whole
        desk.scripts_stamp = stamp
