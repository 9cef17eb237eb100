"""Learned examples (corrections, imports) and the version stamps processes poll.

The caller passes the normalised text (storage knows nothing of the engine's
normalisation); removal only stamps ``removed_at``, so who taught what stays on record.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.errors import NotFound
from storage.models import EXAMPLE_SOURCES, AccountRow, LearnedExample, Stamp
from storage.records import ExampleRecord, example_record
from storage.types import require_choice

EXAMPLES_STAMP = "examples"


def add_example(
    session: Session,
    *,
    account_id: int | None,
    text: str,
    normalized: str,
    category: str,
    operator_id: int | None,
    source: str,
    now: datetime,
) -> ExampleRecord:
    """Store one example (account None: every account) and return it."""
    row = LearnedExample(
        account_id=account_id, text=text, normalized=normalized, category=category,
        operator_id=operator_id, source=require_choice(source, EXAMPLE_SOURCES, "source"),
        created_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return get_example(session, example_id=row.id)


def _query() -> Select[LearnedExample, str]:
    return select(LearnedExample, AccountRow.code).outerjoin(
        AccountRow, AccountRow.id == LearnedExample.account_id
    )


def get_example(session: Session, *, example_id: int) -> ExampleRecord:
    """One example, active or removed; NotFound if there is none."""
    found = session.execute(_query().where(LearnedExample.id == example_id)).first()
    if found is None:
        raise NotFound(f"no learned example {example_id}", "example", id=example_id)
    return example_record(found[0], found[1])


def list_examples(
    session: Session,
    *,
    account_id: int | None = None,
    category: str | None = None,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[ExampleRecord]:
    """Active examples (of one account and/or category when given), oldest first by default."""
    query = _query().where(LearnedExample.removed_at.is_(None))
    if account_id is not None:
        query = query.where(LearnedExample.account_id == account_id)
    if category is not None:
        query = query.where(LearnedExample.category == category)
    order = LearnedExample.id.desc() if newest_first else LearnedExample.id
    query = query.order_by(order).limit(limit)
    return [example_record(row, code) for row, code in session.execute(query)]


def remove_example(session: Session, *, example_id: int, now: datetime) -> ExampleRecord:
    """Mark an active example removed; NotFound if it does not exist or is already removed."""
    row = session.get(LearnedExample, example_id)
    if row is None or row.removed_at is not None:
        raise NotFound(f"no active learned example {example_id}", "example", id=example_id)
    row.removed_at = now
    session.flush()
    return get_example(session, example_id=example_id)


def counts_by_category(session: Session, *, account_id: int | None = None) -> Counter[str]:
    """How many active examples each category has (of one account when given)."""
    query = select(LearnedExample.category, func.count()).where(LearnedExample.removed_at.is_(None))
    if account_id is not None:
        query = query.where(LearnedExample.account_id == account_id)
    rows = session.execute(query.group_by(LearnedExample.category)).all()
    return Counter({category: count for category, count in rows})


def bump_stamp(session: Session, *, name: str) -> int:
    """Add one to a stamp in the caller's transaction and return its new version."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # One upsert: the row lock (PostgreSQL) or BEGIN IMMEDIATE (SQLite) queues rival
    # writers until this transaction ends, so two changes never share a version.
    bump = (
        insert(Stamp)
        .values(name=name, version=1)
        .on_conflict_do_update(index_elements=["name"], set_={"version": Stamp.version + 1})
        .returning(Stamp.version)
    )
    return session.execute(bump).scalar_one()


def read_stamp(session: Session, *, name: str) -> int:
    """A stamp's version (0 before its first bump); one primary-key SELECT."""
    return session.scalar(select(Stamp.version).where(Stamp.name == name)) or 0
