"""The weekly and monthly digest's extras: top questions, the unmatched, converting scripts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from replies.extract import mask_phones
from storage import digests as store
from storage import script_stats as stat_store
from storage.summaries import Span

TOP = 5
EXAMPLES = 5
EXAMPLE_LENGTH = 40
MIN_USES = 2  # a single use says nothing about a script's conversion


@dataclass(frozen=True)
class ScriptConversion:
    """A script's used suggestions in the period and the leads credited to it."""

    script_id: str
    uses: int
    leads: int

    @property
    def rate(self) -> float:
        """Leads per use (uses is never 0 here)."""
        return self.leads / self.uses


@dataclass(frozen=True)
class Digest:
    """What the library is asked most, what it lacks, and which scripts turn into leads."""

    top: tuple[tuple[str, str | None, int], ...]  # (script id, category, inquiries)
    unmatched: int
    unmatched_examples: tuple[str, ...]  # phone numbers masked, shortened
    best: tuple[ScriptConversion, ...]
    worst: tuple[ScriptConversion, ...]


def digest_of(session: Session, span: Span, account_id: int | None) -> Digest:
    """The digest of a span."""
    top = store.top_scripts(session, span=span, account_id=account_id, limit=TOP)
    count, texts = store.unmatched(session, span=span, account_id=account_id, limit=EXAMPLES)
    examples = tuple(_example(text) for text in texts)
    best, worst = _conversion_section(session, span, account_id)
    return Digest(tuple(top), count, examples, best, worst)


def _conversion_section(
    session: Session, span: Span, account_id: int | None, n: int = 3
) -> tuple[tuple[ScriptConversion, ...], tuple[ScriptConversion, ...]]:
    """The best and worst converting scripts (up to n each) among those used MIN_USES times.

    The figures of ``replydesk scripts stats`` over the span: a lead is credited to the
    script of the last suggestion used in its thread before it was logged.
    """
    figures = stat_store.script_figures(
        session, since=span.start, until=span.end, account_id=account_id
    )
    uses: dict[str, int] = defaultdict(int)
    leads: dict[str, int] = defaultdict(int)
    for row in figures.rows:
        uses[row.script_id] += row.used
        leads[row.script_id] += row.leads
    rows = [ScriptConversion(s, used, leads[s]) for s, used in uses.items() if used >= MIN_USES]
    ranked = sorted(rows, key=lambda row: (-row.rate, -row.uses, row.script_id))
    k = max(1, min(n, len(ranked) // 2))  # with few scripts, best and worst split them
    best = tuple(ranked[:k])
    worst = tuple(row for row in reversed(ranked[-k:]) if row not in best)
    return best, worst


def _example(text: str) -> str:
    flat = " ".join(mask_phones(text).split())
    return flat if len(flat) <= EXAMPLE_LENGTH else flat[: EXAMPLE_LENGTH - 1] + "…"
