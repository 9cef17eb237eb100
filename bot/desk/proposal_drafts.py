"""A proposal's content checked whole, as it would apply now (no writes).

Additions (variants, triggers) keep only texts the script lacks; a new script is
validated by the library's rules (its id comes from the proposal when none is given).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.desk.context import Desk
from bot.desk.examples import resolve_category
from bot.desk.scripts import checked_data
from bot.errors import DeskError, UsageError
from replies.library import MIN_REPLIES, MIN_TRIGGERS, Library
from storage import categories as category_store
from storage import scripts as script_store

KINDS = ("script", "variant", "trigger")
FIELDS = {"variant": "replies", "trigger": "triggers"}  # what an addition adds to


class ProposalConflict(DeskError):
    """The proposal cannot apply as it stands (its new script's id is taken)."""


@dataclass(frozen=True)
class Draft:
    """What a proposal will store: the script it is for, its payload, the version seen."""

    kind: str
    script_id: str | None  # None: a new script named from the proposal's id
    payload: dict[str, Any]
    base_version: int | None


def texts_of(values: Iterable[str]) -> list[str]:
    """Non-empty texts, stripped, each once, in order."""
    return list(dict.fromkeys(t.strip() for t in values if t and t.strip()))


def known_library(session: Session, desk: Desk) -> Library:
    """The engine's scripts with the database's custom categories (for category names)."""
    labels = {c.id: (c.label_zh, c.label_en) for c in category_store.list_categories(session)}
    return Library(desk.engine.library.scripts, {**desk.engine.library.labels, **labels})


def draft(
    session: Session,
    desk: Desk,
    kind: str,
    *,
    texts: Sequence[str],
    script_id: str | None = None,
    category: str | None = None,
    triggers: Sequence[str] = (),
) -> Draft:
    """Check a proposal whole, as it would apply now (no writes); UsageError if it cannot."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}", "proposal_kind", value=kind)
    wanted = texts_of(texts)
    if not wanted:
        raise UsageError("nothing proposed", "proposal_empty")
    if kind == "script":
        return _new_script(session, desk, wanted, script_id, category, texts_of(triggers))
    if not script_id:
        raise UsageError("which script?", "proposal_needs_script")
    current = script_store.get_script(session, script_id=script_id)
    have = list(current.data[FIELDS[kind]])
    new = [t for t in wanted if t not in have]
    if not new:
        raise UsageError("nothing new", "proposal_nothing_new", id=script_id)
    checked_data(desk, script_id, {**current.data, FIELDS[kind]: [*have, *new]})  # templates too
    return Draft(kind, script_id, {"texts": new}, current.version)


def free_script_id(session: Session, script_id: str) -> str:
    """A new script's id, if no script has it; UsageError if one does."""
    script_id = script_id.strip()
    if script_store.find_script(session, script_id=script_id) is not None:
        raise UsageError(f"{script_id} exists", "proposal_id_taken", id=script_id)
    return script_id


def _new_script(
    session: Session,
    desk: Desk,
    replies: list[str],
    script_id: str | None,
    category: str | None,
    triggers: list[str],
) -> Draft:
    if not category:
        raise UsageError("which category?", "proposal_needs_category")
    chosen = resolve_category(known_library(session, desk), category)
    if len(triggers) < MIN_TRIGGERS:
        raise UsageError("too few triggers", "proposal_few_triggers", n=MIN_TRIGGERS)
    if len(replies) < MIN_REPLIES:
        raise UsageError("too few replies", "proposal_few_replies", n=MIN_REPLIES)
    if script_id:
        free_script_id(session, script_id)
    table = {"category": chosen, "triggers": triggers, "replies": replies, "accounts": None,
             "channel": "both", "hooks": [], "tags": []}  # fmt: skip
    payload = checked_data(desk, script_id or "proposal", table)
    return Draft("script", script_id, payload, None)
