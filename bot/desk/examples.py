"""Learned examples: an operator's correction, a team lead's import, listing and undo.

Every change bumps the "examples" stamp in its own transaction, so every process on the
database takes it in from its next inquiry (``bot.desk.learning``).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from bot import evalfile
from bot.desk import access, inquiries, learning
from bot.desk.context import Actor, Desk
from bot.desk.inquiries import InquiryResult
from bot.errors import UsageError
from bot.privatefile import replace_privately
from replies.categories import BUILTIN_CATEGORIES, category_label
from replies.classifier import model_text
from replies.extract import mask_phones
from replies.library import Library
from replies.models import Channel
from storage import examples as example_store
from storage import usage
from storage.records import ExampleRecord

EXPORT_COLUMNS = ("text", "category", "account")


@dataclass(frozen=True)
class Correction:
    """The stored example and fresh suggestions from the corrected category."""

    example: ExampleRecord
    result: InquiryResult


@dataclass(frozen=True)
class Imported:
    """The examples an import stored, and how many rows were there already."""

    examples: list[ExampleRecord]
    skipped: int


@dataclass(frozen=True)
class ListedExample:
    """An example, and the other categories whose triggers equal its normalised text."""

    record: ExampleRecord
    clashes: tuple[str, ...]


@dataclass(frozen=True)
class Listing:
    """Examples and the count of active examples per category."""

    rows: list[ListedExample]
    counts: Counter[str]


def resolve_category(library: Library, value: str, served: set[str] | None = None) -> str:
    """A category id from an id or a (Chinese or English) label; UsageError naming the allowed."""
    allowed = [c for c in library.categories if served is None or c in served]
    wanted = value.strip().casefold()
    for category in allowed:
        labels = (*BUILTIN_CATEGORIES.get(category, ()), *library.labels.get(category, ()))
        if wanted in {name.casefold() for name in (category, *labels) if name}:
            return category
    raise UsageError(
        f"unknown category {value!r}; use one of {', '.join(allowed)}",
        "bad_category",
        value=value,
        allowed=", ".join(allowed),
        labels="、".join(category_label(c, "zh", library.labels) for c in allowed),
    )


def correct(
    desk: Desk, inquiry_id: int, category: str, *, actor: Actor, channel: Channel | None = None
) -> Correction:
    """The inquiry's category was wrong: learn it as an example, answer from the right one."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "correct", floors=desk.floors)
        inquiry = usage.get_inquiry(session, inquiry_id=inquiry_id)
        served = {s.category for s in desk.engine.library.for_account(inquiry.account_code)}
        chosen = resolve_category(desk.engine.library, category, served)
        record = example_store.add_example(
            session, account_id=inquiry.account_id, text=mask_phones(inquiry.text),
            normalized=model_text(inquiry.text), category=chosen, operator_id=operator.id,
            source="correction", now=desk.now(),
        )  # fmt: skip
        version = example_store.bump_stamp(session, name=learning.STAMP)
    learning.taught(desk, [record], version)
    answer: Channel = channel or ("comment" if inquiry.channel == "comment" else "dm")
    classification = desk.engine.classify(
        inquiry.text, account=inquiry.account_code, channel=answer
    )
    script = next((m.script_id for m in classification.matches if m.category == chosen), None)
    result = inquiries.more_variants(
        desk, inquiry_id, actor=actor, channel=answer, script_id=script
    )
    return Correction(record, result)


def import_examples(
    desk: Desk, path: Path, *, actor: Actor, account: str | None = None
) -> Imported:
    """Store a labelled TSV's rows as examples (refused whole if bad); repeats are skipped."""
    rows = evalfile.read_rows(path, desk.engine.library.categories)
    with desk.transaction() as session:
        operator = access.require(session, actor, "import_examples", floors=desk.floors)
        ids = {code: _account_id(desk, session, path, code) for code in _codes(rows, account)}
        known = {
            (r.account_id, r.normalized, r.category) for r in example_store.list_examples(session)
        }
        stored: list[ExampleRecord] = []
        for row in rows:
            account_id = ids[row.account or account]
            key = (account_id, model_text(row.text), row.category)
            if key in known:
                continue
            known.add(key)
            record = example_store.add_example(
                session, account_id=account_id, text=mask_phones(row.text), normalized=key[1],
                category=row.category, operator_id=operator.id, source="import", now=desk.now(),
            )  # fmt: skip
            stored.append(record)
        version = example_store.bump_stamp(session, name=learning.STAMP) if stored else None
    if version is not None:
        learning.taught(desk, stored, version)
    return Imported(stored, len(rows) - len(stored))


def _codes(rows: list[evalfile.LabelledInquiry], account: str | None) -> set[str | None]:
    return {row.account or account for row in rows}


def _account_id(desk: Desk, session: Session, path: Path, code: str | None) -> int | None:
    if code is None:
        return None  # an example for every account
    if code.upper() not in {a.code for a in desk.config.accounts}:
        raise evalfile.EvalFileError(
            f"{path}: unknown account {code!r}",
            "labelled_unknown_account",
            file=path,
            value=code,
            known=", ".join(a.code for a in desk.config.accounts),
        )
    return desk.account_id(session, code)


def list_examples(
    desk: Desk,
    *,
    actor: Actor,
    account: str | None = None,
    category: str | None = None,
    latest: int | None = None,
) -> Listing:
    """Active examples (the latest first when ``latest`` is given) and counts per category."""
    library = desk.engine.library
    chosen = resolve_category(library, category) if category else None
    with desk.transaction() as session:
        access.require(session, actor, "view_examples", floors=desk.floors)
        account_id = desk.existing_account_id(session, account) if account else None
        if account and account_id is None:
            return Listing([], Counter())
        records = example_store.list_examples(
            session, account_id=account_id, category=chosen,
            newest_first=latest is not None, limit=latest,
        )  # fmt: skip
        counts = example_store.counts_by_category(session, account_id=account_id)
    triggers = _trigger_categories(library)
    rows = [
        ListedExample(r, tuple(sorted(triggers.get(r.normalized, set()) - {r.category})))
        for r in records
    ]
    return Listing(rows, counts)


def _trigger_categories(library: Library) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for script in library.scripts:
        for trigger in script.triggers:
            found.setdefault(model_text(trigger), set()).add(script.category)
    return found


def remove_example(desk: Desk, example_id: int, *, actor: Actor) -> ExampleRecord:
    """Undo an example for every process (it stays on record, marked removed)."""
    with desk.transaction() as session:
        access.require(session, actor, "remove_examples", floors=desk.floors)
        record = example_store.remove_example(session, example_id=example_id, now=desk.now())
        example_store.bump_stamp(session, name=learning.STAMP)
    learning.refresh(desk)
    return record


_FLAT = str.maketrans("\t\r\n", "   ")  # the TSV has no quoting: these become spaces


def export_examples(desk: Desk, path: Path, *, actor: Actor) -> int:
    """Write the active examples as a labelled TSV (text, category, account); the row count."""
    with desk.transaction() as session:
        access.require(session, actor, "export", floors=desk.floors)
        records = example_store.list_examples(session)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar=None)
            writer.writerow(EXPORT_COLUMNS)
            for r in records:
                text = mask_phones(r.text).translate(_FLAT)
                writer.writerow((text, r.category, r.account_code or ""))

    replace_privately(path, write)  # phones masked, owner-only, whole or not at all
    return len(records)
