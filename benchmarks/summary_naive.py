"""The summary benchmark's baseline: the same figures from every row, counted in Python."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from bot.desk.periods import Period, baselines
from bot.desk.summaries import Figures, average


def naive_figures(engine: Engine, period: Period) -> list[Figures]:
    """The current period's and each baseline's figures, from every row, in Python."""
    spans = [period] + [p for _, periods in baselines(period) for p in periods]
    windows = sorted({(p.start.astimezone(UTC), p.end.astimezone(UTC)) for p in spans})
    sqlite = engine.dialect.name == "sqlite"
    bounds = [_native(start, sqlite) for start, _ in windows]
    ends = [_native(end, sqlite) for _, end in windows]

    def window(moment: Any) -> int | None:
        n = bisect_right(bounds, moment) - 1
        return n if n >= 0 and moment < ends[n] else None

    found = _scan(engine, window, len(windows))
    per = {key: value for key, value in zip(windows, found)}
    current = per[(period.start.astimezone(UTC), period.end.astimezone(UTC))]
    result = [current]
    for _, periods in baselines(period):
        chosen = [per[(p.start.astimezone(UTC), p.end.astimezone(UTC))] for p in periods]
        result.append(average(chosen))
    return result


def _native(moment: datetime, sqlite: bool) -> Any:
    # SQLite keeps UTC text; compared as text, as the rows come back from the driver.
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment


def _scan(engine: Engine, window: Any, n: int) -> list[Figures]:
    counts = [Counter() for _ in range(n)]  # type: list[Counter[Any]]
    used: list[set[int]] = [set() for _ in range(n)]
    hooked: list[set[int]] = [set() for _ in range(n)]  # inquiry ids
    with engine.connect() as connection:
        rows = _stream(connection, "SELECT inquiry_id, used, hook, created_at FROM suggestions")
        for inquiry, is_used, hook, created in rows:
            w = window(created)
            if w is not None and is_used:
                used[w].add(inquiry)
                if hook is not None:
                    hooked[w].add(inquiry)
        hooked_all = set().union(*hooked)
        leads: list[list[tuple[Any, ...]]] = [[] for _ in range(n)]
        values: dict[int, int] = {}
        for row in _stream(
            connection,
            "SELECT id, account_id, operator_id, city, created_at, inquiry_id, deal_value"
            " FROM leads",
        ):
            if row[6] is not None:
                values[row[0]] = row[6]
            w = window(row[4])
            if w is not None:
                leads[w].append(row)
        wanted = {row[5] for group in leads for row in group}
        thread_of: dict[int, int] = {}
        first: dict[int, str | None] = {}
        own: dict[int, str | None] = {}
        for i, account, operator, category, created, thread, position in _stream(
            connection,
            "SELECT id, account_id, operator_id, category, created_at, thread_id, position"
            " FROM inquiries",
        ):
            if position == 1:
                first[thread] = category
            if i in wanted or i in hooked_all:
                thread_of[i], own[i] = thread, category
            w = window(created)
            if w is not None:
                counts[w].update(_inquiry_keys(account, operator, category))
        with_lead = {
            t for t, lead in _stream(connection, "SELECT id, lead_id FROM threads") if lead
        }
        won = [0] * n
        won_value = [0] * n
        for lead, created, kind, status in _stream(
            connection, "SELECT lead_id, created_at, kind, new_status FROM lead_events"
        ):
            w = window(created)
            if w is not None and kind == "status" and status == "won":
                won[w] += 1
                won_value[w] += values.get(lead, 0)
    names = _names(engine)
    shared = (thread_of, first, own, with_lead)
    return [
        _figures(counts[w], used[w], hooked[w], leads[w], *shared, won[w], won_value[w], names)
        for w in range(n)
    ]


def _inquiry_keys(account: int, operator: int | None, category: str | None) -> list[Any]:
    kind = "unmatched" if category is None else "invalid" if category == "invalid" else "valid"
    return ["inquiries", kind, ("account", account), ("operator", operator)]


def _figures(
    counts: Counter[Any], used: set[int], hooked: set[int], leads: list[tuple[Any, ...]],
    thread_of: dict[int, int], first: dict[int, str | None], own: dict[int, str | None],
    with_lead: set[int], won: int, value: int, names: tuple[dict[int, str], dict[int, str]],
) -> Figures:  # fmt: skip
    accounts, operators = names
    threads = {thread_of[i] for i in hooked if thread_of.get(i)}
    totals = {
        "inquiries": counts["inquiries"], "valid": counts["valid"], "invalid": counts["invalid"],
        "unmatched": counts["unmatched"], "leads": len(leads), "used": len(used),
        "hooked": len(threads), "hooked_leads": len(threads & with_lead), "won": won,
        "won_value": value,
    }  # fmt: skip
    groups: dict[str, Counter[str]] = {name: Counter() for name in _GROUPS}
    for key, count in counts.items():
        if isinstance(key, tuple):
            name = accounts[key[1]] if key[0] == "account" else operators.get(key[1], "")
            groups[f"inquiries_by_{key[0]}"][name] += count
    for _, account, operator, city, _, inquiry, _ in leads:
        thread = thread_of.get(inquiry)
        category = first.get(thread) if thread else None
        groups["leads_by_account"][accounts[account]] += 1
        groups["leads_by_operator"][operators.get(operator, "")] += 1
        groups["leads_by_category"][(category or own.get(inquiry)) or ""] += 1
        groups["leads_by_city"][city or ""] += 1
    return Figures(totals, {name: dict(counter) for name, counter in groups.items()})


_GROUPS = (
    "inquiries_by_account", "inquiries_by_operator", "leads_by_account", "leads_by_operator",
    "leads_by_category", "leads_by_city",
)  # fmt: skip


def _stream(connection: Any, query: str) -> Any:
    result = connection.execution_options(stream_results=True, yield_per=50_000)
    return result.exec_driver_sql(query)


def _names(engine: Engine) -> tuple[dict[int, str], dict[int, str]]:
    with engine.connect() as connection:
        accounts = dict(connection.exec_driver_sql("SELECT id, code FROM accounts").all())
        operators = dict(connection.exec_driver_sql("SELECT id, display_name FROM operators").all())
    return accounts, operators
