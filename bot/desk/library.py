"""The script library in the database: seeded from the files once, read into a Library.

On a database without scripts the configured (or bundled) TOML library is imported in
one transaction; from then on the files are only the seed and the engine reads the
database's active scripts. Every change bumps the "scripts" stamp in its transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.errors import UsageError
from replies.categories import BUILTIN_CATEGORIES
from replies.library import Library, load_library, parse_script
from replies.models import Script
from storage import categories as category_store
from storage import examples as stamp_store
from storage import scripts as script_store
from storage.scripts import SCRIPTS_STAMP, ScriptRecord

logger = logging.getLogger(__name__)
DB_SOURCE = "database"  # Script.source of a stored script, for messages


def data_of(script: Script, status: str = "active") -> dict[str, Any]:
    """A script's content as storage keeps it."""
    return {
        "category": script.category,
        "accounts": list(script.accounts) if script.accounts is not None else None,
        "channel": script.channel,
        "triggers": list(script.triggers),
        "replies": list(script.replies),
        "hooks": list(script.hooks),
        "tags": list(script.tags),
        "status": status,
    }


def table_of(script_id: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Stored content as a library table (the TOML keys), without the status."""
    table = {"id": script_id, **{k: v for k, v in data.items() if k != "status"}}
    table["accounts"] = "all" if data["accounts"] is None else list(data["accounts"])
    return table


def script_of(record: ScriptRecord) -> Script:
    """A stored script as the engine's Script (validated again: the rules may be newer)."""
    return parse_script(table_of(record.id, record.data), DB_SOURCE)


def require_known_categories(session: Session, scripts: Iterable[tuple[str, str]]) -> None:
    """UsageError when a (script id, category) names a category neither built in nor added.

    A script file or edit may not bring a category of its own: an admin adds it first
    (`scripts category-add`), with the label every message shows.
    """
    known = {*BUILTIN_CATEGORIES, *(c.id for c in category_store.list_categories(session))}
    unknown: dict[str, list[str]] = {}
    for script_id, category in scripts:
        if category not in known:
            unknown.setdefault(category, []).append(script_id)
    if unknown:
        category, ids = next(iter(unknown.items()))
        shown = ", ".join(ids[:3]) + (f" (+{len(ids) - 3})" if len(ids) > 3 else "")
        raise UsageError(
            f"unknown category {category!r} (scripts {', '.join(ids)})",
            "script_unknown_category", value=category, scripts=shown,
            allowed=", ".join(sorted(known, key=_order)),
        )  # fmt: skip


def _order(category: str) -> tuple[int, str]:
    builtin = list(BUILTIN_CATEGORIES)
    return (builtin.index(category), "") if category in builtin else (len(builtin), category)


def read_library(session: Session) -> Library:
    """The database's active scripts and custom categories as a Library."""
    labels = {c.id: (c.label_zh, c.label_en) for c in category_store.list_categories(session)}
    return Library(tuple(script_of(r) for r in script_store.list_scripts(session)), labels)


@dataclass(frozen=True)
class Start:
    """The library a process starts with: its scripts, stamp and each script's version."""

    library: Library
    stamp: int
    versions: dict[str, int]


def _read_start(session: Session) -> Start:
    # The stamp first: a change committed after it is seen as a moved stamp next time.
    stamp = stamp_store.read_stamp(session, name=SCRIPTS_STAMP)
    records = script_store.list_scripts(session)
    library = Library(tuple(script_of(r) for r in records))
    return Start(library, stamp, {r.id: r.version for r in records})


def read_start(sessions: sessionmaker[Session]) -> Start:
    """The database's library as a process starts with it (reads only)."""
    with sessions.begin() as session:
        return _read_start(session)


def seed_library(sessions: sessionmaker[Session], config: Config) -> None:
    """Import the configured (or bundled) files into a database without scripts."""
    with sessions.begin() as session:
        if script_store.count_scripts(session):
            return
    seed = load_library(config.library_paths or None)  # refused whole if a file is bad
    with sessions.begin() as session:
        # The stamp's upsert queues a second process seeding at the same moment behind
        # this transaction; it then finds the scripts and imports nothing.
        stamp_store.bump_stamp(session, name=SCRIPTS_STAMP)
        if script_store.count_scripts(session):
            return
        source = seed_source(config)
        now = datetime.now(UTC)
        for script in seed.scripts:
            script_store.add_script(
                session, script_id=script.id, data=data_of(script), source=source,
                operator_id=None, now=now,
            )  # fmt: skip
        logger.info("imported %d %s scripts into the database", len(seed.scripts), source)


def library_at_start(sessions: sessionmaker[Session], config: Config) -> Start:
    """The database's library and its stamp, seeding it from the files when it has none."""
    seed_library(sessions, config)
    return read_start(sessions)


def seed_source(config: Config) -> str:
    """The source recorded for scripts from the seed: the configured files or the bundled."""
    return "file" if config.library_paths else "bundled"


def mark_changed(session: Session) -> int:
    """Mark the library changed for every process (bump its stamp); the new version."""
    return stamp_store.bump_stamp(session, name=SCRIPTS_STAMP)
