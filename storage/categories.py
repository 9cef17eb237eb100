"""Custom categories (an admin's additions to the ten built-in ids) and their labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.errors import InvalidValue
from storage.models import CustomCategory
from storage.types import require_aware


@dataclass(frozen=True, slots=True)
class CategoryRecord:
    """A custom category: its id, Chinese label, optional English label, who and when."""

    id: str
    label_zh: str
    label_en: str | None
    created_by: int | None
    created_at: datetime


def _record(row: CustomCategory) -> CategoryRecord:
    return CategoryRecord(row.id, row.label_zh, row.label_en, row.created_by, row.created_at)


def add_category(
    session: Session,
    *,
    category_id: str,
    label_zh: str,
    label_en: str | None,
    operator_id: int | None,
    now: datetime,
) -> CategoryRecord:
    """Store a new custom category; InvalidValue (code category_exists) if the id is taken."""
    values = {
        "id": category_id, "label_zh": label_zh, "label_en": label_en,
        "created_by": operator_id, "created_at": require_aware(now, "now"),
    }  # fmt: skip
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    # ON CONFLICT DO NOTHING RETURNING: of two admins adding one id at once, the second
    # waits for the first to commit and gets no row back, instead of a key violation.
    added = session.scalar(
        insert(CustomCategory).values(**values).on_conflict_do_nothing(index_elements=["id"])
        .returning(CustomCategory.id)
    )  # fmt: skip
    if added is None:
        raise InvalidValue(f"category {category_id!r} exists", "category_exists", id=category_id)
    row = session.get(CustomCategory, category_id)
    assert row is not None
    return _record(row)


def list_categories(session: Session) -> list[CategoryRecord]:
    """Every custom category, oldest first."""
    query = select(CustomCategory).order_by(CustomCategory.created_at, CustomCategory.id)
    return [_record(row) for row in session.scalars(query)]
