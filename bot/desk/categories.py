"""Custom categories: an admin adds one (id, Chinese label, optional English label).

The change bumps the scripts stamp: every process reads its library (labels included)
again, as after any script change.
"""

from __future__ import annotations

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.library import mark_changed
from bot.desk.proposal_drafts import known_library
from bot.errors import UsageError
from bot.format import printable
from replies.categories import BUILTIN_CATEGORIES
from replies.library import is_category_id
from storage import categories as category_store
from storage.categories import CategoryRecord

LABEL_LIMIT = 32


def add_category(
    desk: Desk, category_id: str, label: str, *, actor: Actor, label_en: str | None = None
) -> CategoryRecord:
    """Add a custom category (admins); its labels must not be another category's."""
    category_id = category_id.strip()
    if not is_category_id(category_id):
        raise UsageError(f"bad category id {category_id!r}", "category_bad_id", value=category_id)
    if category_id in BUILTIN_CATEGORIES:
        raise UsageError(f"{category_id} is built in", "category_builtin", id=category_id)
    zh, en = _label(label), _label(label_en) if label_en else None
    if not zh:
        raise UsageError("a category needs a label", "category_no_label", id=category_id)
    with desk.transaction() as session:
        operator = access.require(session, actor, "add_category", desk.floors)
        library = known_library(session, desk)
        taken = {library.label(c, loc).casefold() for c in library.categories
                 for loc in ("zh", "en")}  # fmt: skip
        for name in (zh, en):
            if name and name.casefold() in taken:
                raise UsageError(f"label {name!r} is taken", "category_label_taken", label=name)
        record = category_store.add_category(
            session, category_id=category_id, label_zh=zh, label_en=en, operator_id=operator.id,
            now=desk.now(),
        )  # fmt: skip
        mark_changed(session)
        return record


def _label(value: str) -> str:
    label = " ".join(printable(value).split())
    if len(label) > LABEL_LIMIT:
        raise UsageError("label too long", "category_long_label", limit=LABEL_LIMIT)
    return label
