"""Summary benchmark: the daily summary over 1 000 000 leads and 5 000 000 inquiries.

On SQLite (and PostgreSQL when REPLYDESK_TEST_PG_URL names a server): the use case's
GROUP BY queries against the same figures computed naively in Python from every row,
in the same run, checked equal; then the 30-day chart's rendering time. The data is
built once (benchmarks/summary_data.py) and cached: SQLite under the temp folder,
PostgreSQL in a database of its own.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from bisect import bisect_right
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from benchmarks import summary_data as data
from bot.config import Config
from bot.desk import Actor, Desk
from bot.desk.periods import Period, baselines
from bot.desk.summaries import Figures, average, summary
from storage.db import make_db, make_session_factory, safe_url, upgrade

RUNS = 3
ACTOR = Actor("terminal:bench", "bench")
PG_DATABASE = "replydesk_bench_summary"


def main() -> None:
    """Both backends, then the chart."""
    print(f"  {data.INQUIRIES:,} inquiries, {data.LEADS:,} leads over {data.DAYS} days")
    last = None
    for url in _urls():
        last = _backend(url) or last
    if last is not None:
        _chart(last)


def _urls() -> list[str]:
    cache = Path(tempfile.gettempdir()) / "replydesk-bench"
    cache.mkdir(exist_ok=True)
    urls = [f"sqlite:///{cache / (data.VERSION + '.sqlite')}"]
    server = os.environ.get("REPLYDESK_TEST_PG_URL", "").strip()
    if server:
        urls.append(_pg_database(server))
    else:
        print("  PostgreSQL: skipped (set REPLYDESK_TEST_PG_URL or run .ci/postgres.sh)")
    return urls


def _pg_database(server: str) -> str:
    admin = make_db(server).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_DATABASE}
        ).scalar()
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{PG_DATABASE}"')
    url = admin.url.set(database=PG_DATABASE).render_as_string(hide_password=False)
    admin.dispose()
    return url


def _backend(url: str) -> Any:
    engine = make_db(url)
    upgrade(engine)
    name = safe_url(url).split(":")[0]
    if not data.is_built(engine):
        print(f"  {name}: building the data (cached for later runs) ...", flush=True)
        print(f"  {name}: built in {data.build(engine):.0f} s")
    desk = Desk(Config(), None, make_session_factory(engine), clock=lambda: data.NOW)  # type: ignore[arg-type]
    times, found = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        found = summary(desk, "today", actor=ACTOR)
        times.append(time.perf_counter() - start)
    assert found is not None
    week = time.perf_counter()
    summary(desk, "week", actor=ACTOR)
    week_s = time.perf_counter() - week
    start = time.perf_counter()
    naive = naive_figures(engine, found.period)
    naive_s = time.perf_counter() - start
    same = naive == [found.current, *(figures for _, figures in found.baselines)]
    sql_s = statistics.median(times)
    print(
        f"  {name:<10} daily summary {sql_s:.3f} s (median of {RUNS}; first {times[0]:.3f} s),"
        f" naive Python over all rows {naive_s:.1f} s = {naive_s / sql_s:,.0f}x;"
        f" figures equal: {'yes' if same else 'NO'}; week digest {week_s:.3f} s"
    )
    engine.dispose()
    return found


def _chart(found: Any) -> None:
    from bot import chart
    from bot.texts import text as t

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        drawn = chart.render(
            found.days, day_from=found.chart_from, day_to=found.period.last_day, locale="zh",
            title=t("zh", "chart.title"),
        )  # fmt: skip
        times.append(time.perf_counter() - start)
    font = drawn.font.family if drawn.font else f"none ({drawn.warning})"
    print(
        f"  chart (30 days x 2 accounts): first {times[0]:.2f} s (imports matplotlib),"
        f" then {statistics.median(times[1:]):.3f} s; {len(drawn.png):,} bytes; font {font}"
    )


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
    return [
        _figures(counts[w], used[w], hooked[w], leads[w], thread_of, first, own, with_lead,
                 won[w], won_value[w], names)  # fmt: skip
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
        operators = dict(
            connection.exec_driver_sql("SELECT id, display_name FROM operators").all()
        )
    return accounts, operators
