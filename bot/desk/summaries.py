"""STUB for the scheduler (helper "jobs"): the lead replaces this file with helper
"summary"'s real module at merge. Only the contract below is relied on; tests must not
depend on the wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.desk.context import Desk


@dataclass(frozen=True)
class Report:
    """A summary ready to post: its text and an optional PNG chart."""

    text: str
    png: bytes | None


def scheduled(desk: Desk, job: str, period_key: str, *, at: datetime) -> Report:
    """STUB: the summary of one scheduled period (job daily|weekly|monthly)."""
    return Report(f"[stub] {job} summary {period_key}", None)
