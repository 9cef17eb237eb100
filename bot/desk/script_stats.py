"""What converts: each script's, hook's and account's suggestions, uses, leads and wins.

Leads are attributed to the script and hook of the last suggestion used in the lead's
thread before it was logged (see storage/script_stats.py). Conversion is leads / used.
Active scripts not used in the last 30 days are listed as candidates to retire.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.examples import resolve_category
from bot.errors import UsageError
from storage import script_stats as stat_store
from storage import scripts as script_store
from storage.script_stats import StatRow

WINDOWS = (7, 30)
IDLE_DAYS = 30  # unused this long: a candidate to retire


@dataclass(frozen=True)
class Line:
    """Figures of one script, one script with one hook, or one script in one account."""

    script_id: str
    category: str
    detail: str  # the hook or the account code ("" for a whole script)
    suggested: int
    used: int
    leads: int
    won: int
    won_value: int

    @property
    def conversion(self) -> float | None:
        """Leads per use (None when never used)."""
        return self.leads / self.used if self.used else None


@dataclass(frozen=True)
class ScriptStats:
    """The report of ``stats``: three views, the best and worst per category, idle scripts."""

    days: int
    since: datetime
    scripts: tuple[Line, ...]
    hooks: tuple[Line, ...]
    accounts: tuple[Line, ...]
    best: dict[str, Line]
    worst: dict[str, Line]
    idle: tuple[str, ...]  # active scripts of the category not used in IDLE_DAYS
    unattributed: int  # leads since then with no used suggestion in their thread
    category: str | None = None  # the category asked for (an id)


def stats(
    desk: Desk,
    *,
    actor: Actor,
    days: int = 30,
    category: str | None = None,
    account: str | None = None,
) -> ScriptStats:
    """Per script / hook / account figures of the last ``days`` (7 or 30) local days."""
    if days not in WINDOWS:
        raise UsageError(f"days must be 7 or 30, not {days}", "stats_days", value=days)
    if category is not None:  # an id or a label in either language
        category = resolve_category(desk.engine.library, category)
    since = desk.day_start(desk.today() - timedelta(days=days - 1))
    with desk.transaction() as session:
        access.require(session, actor, "view_script_stats", desk.floors)
        account_id = desk.existing_account_id(session, account) if account else None
        if account and account_id is None:
            figures = stat_store.Figures((), 0)  # an account with nothing recorded yet
        else:
            figures = stat_store.script_figures(session, since=since, account_id=account_id)
        stored = script_store.list_scripts(session, status=None)
        idle_since = desk.day_start(desk.today() - timedelta(days=IDLE_DAYS - 1))
        used = stat_store.used_scripts(session, since=idle_since)
    categories = {s.id: s.category for s in desk.engine.library.scripts}  # a file-built engine
    categories |= {r.id: str(r.data["category"]) for r in stored}
    rows = [r for r in figures.rows if category is None or categories.get(r.script_id) == category]
    by_script = _lines(rows, categories, lambda r: "")
    wanted = [r for r in stored if category is None or r.data["category"] == category]
    return ScriptStats(
        days, since, by_script, _lines(rows, categories, lambda r: r.hook or ""),
        _lines(rows, categories, lambda r: r.account), *_extremes(by_script),
        tuple(r.id for r in wanted if r.status == "active" and r.id not in used),
        figures.unattributed, category,
    )  # fmt: skip


def _lines(
    rows: Iterable[StatRow], categories: dict[str, str], detail: Callable[[StatRow], str]
) -> tuple[Line, ...]:
    sums: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        total = sums.setdefault((row.script_id, detail(row)), [0] * 5)
        for n, value in enumerate((row.suggested, row.used, row.leads, row.won, row.won_value)):
            total[n] += value
    return tuple(
        Line(sid, categories.get(sid, ""), key, *values)
        for (sid, key), values in sorted(sums.items())
    )


def _extremes(lines: tuple[Line, ...]) -> tuple[dict[str, Line], dict[str, Line]]:
    """Per category, the used script converting best and the one converting worst."""
    best: dict[str, Line] = {}
    worst: dict[str, Line] = {}
    for line in lines:
        if not line.used:
            continue
        # More leads, then more uses, break a tie of conversion; ids keep it stable.
        rank = (line.conversion, line.leads, line.used)
        top = best.get(line.category)
        if top is None or rank > (top.conversion, top.leads, top.used):
            best[line.category] = line
        low = worst.get(line.category)
        if low is None or (line.conversion, -line.used) < (low.conversion, -low.used):
            worst[line.category] = line
    worst = {c: line for c, line in worst.items() if line is not best[c]}
    return best, worst
