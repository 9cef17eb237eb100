"""The seed library (bundled, or `[library] paths`) against the database: sync, never silently.

A stored script is still the seed's when its last version was written by the seed: no
operator (``edited_by`` is empty) and a bundled/file source. Seeding and sync write so;
a team save, revert, retire or import records who did it. Such a script may take the
seed's newer content; one the team edited is kept and listed, never overwritten.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.library import data_of, seed_source
from bot.desk.script_import import ImportPlan, apply_import
from bot.texts import text as t
from replies.library import load_library
from replies.models import Script
from storage import scripts as script_store
from storage.scripts import ScriptRecord

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncPlan:
    """New and updatable seed scripts (as an import plan) and the team-edited ones kept."""

    plan: ImportPlan
    kept: tuple[ScriptRecord, ...]


def seed_owned(record: ScriptRecord) -> bool:
    """Whether the stored script's last version came from the seed, not from the team."""
    return record.edited_by is None and record.source != "team"


def compare(seed: Sequence[Script], stored: dict[str, ScriptRecord]) -> SyncPlan:
    """What syncing would add and change, and which changed scripts the team's edits keep."""
    added, changed, kept, unchanged = [], [], [], 0
    for script in seed:
        record = stored.get(script.id)
        if record is None:
            added.append(script)
        elif {**record.data, "status": "active"} == data_of(script):
            unchanged += 1  # a retired one stays retired: that was a decision
        elif seed_owned(record):
            changed.append((script, record))
        else:
            kept.append(record)
    return SyncPlan(ImportPlan(tuple(added), tuple(changed), (), unchanged), tuple(kept))


def plan_sync(desk: Desk, *, actor: Actor) -> SyncPlan:
    """Compare the configured seed with the database (reads only)."""
    seed = load_library(desk.config.library_paths or None).scripts
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
        stored = {r.id: r for r in script_store.list_scripts(session, status=None)}
    return compare(seed, stored)


def apply_sync(desk: Desk, sync: SyncPlan, *, actor: Actor) -> int:
    """Apply the plan as the seed's writes (so later syncs still know them), all or nothing."""
    return apply_import(desk, sync.plan, actor=actor, seed=seed_source(desk.config))


def notice_soon(desk: Desk) -> None:
    """In the background, print one line when the seed has news (pointing to `scripts sync`)."""
    threading.Thread(target=_notice, args=(desk,), daemon=True, name="seed-notice").start()


def _notice(desk: Desk) -> None:
    try:
        seed = load_library(desk.config.library_paths or None).scripts
        with desk.transaction() as session:
            stored = {r.id: r for r in script_store.list_scripts(session, status=None)}
        plan = compare(seed, stored).plan
    except Exception as exc:  # a notice must never stop a running bot
        logger.warning("could not compare the seed library with the database: %s", exc)
        return
    news = len(plan.added) + len(plan.changed)
    if news:  # printed, not only logged: without -v the log shows errors only
        print(t(desk.config.locale, "sync.notice", n=news), file=sys.stderr, flush=True)
        logger.info("the seed library has %d new or changed scripts", news)
