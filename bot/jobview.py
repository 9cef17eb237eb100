"""Follow-up reminders and job-run status as text, the same in Telegram and the terminal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.texts import text as t

if TYPE_CHECKING:  # the database layer loads only when a command runs
    from bot.desk.followups import Reminder
    from storage.jobs import RunRecord


def _plain(value: str) -> str:
    return value


def when(moment: datetime, tz: ZoneInfo) -> str:
    """A moment as local "MM-DD HH:MM"."""
    return moment.astimezone(tz).strftime("%m-%d %H:%M")


def reminder_lines(
    reminder: Reminder,
    locale: str,
    tz: ZoneInfo,
    *,
    escape: Callable[[str], str] = _plain,
    quote: Callable[[str], str] = _plain,
) -> list[str]:
    """The reminder: which customer, where they stand, and the suggested wordings."""
    r = reminder
    clue = t(locale, "fu.clue", clue=r.clue_number) if r.clue_number else ""
    lines = [
        escape(t(locale, "fu.head", account=r.account, thread=r.thread_id, clue=clue)),
        escape(
            t(
                locale,
                "fu.where",
                situation=t(locale, f"fu.situation.{r.situation}"),
                round=r.round + 1,
                rounds=r.rounds,
                due=when(r.due_at, tz),
            )
        ),
    ]
    if r.replies:
        lines.append(escape(t(locale, "fu.suggest")))
        lines.extend(f"{n}. {quote(reply)}" for n, reply in enumerate(r.replies, start=1))
    return lines


def done_text(action: str, after: Reminder | None, thread: int, locale: str, tz: ZoneInfo) -> str:
    """What a follow-up button did, in one sentence."""
    if action == "sent" and after is None:
        return t(locale, "fu.done.cold", thread=thread)
    if action in ("sent", "snooze") and after is not None:
        due = when(after.due_at, tz)
        return t(locale, f"fu.done.{action}", round=after.round, rounds=after.rounds, due=due)
    return t(locale, f"fu.done.{action}", thread=thread)


def status_lines(runs: list[RunRecord], locale: str, tz: ZoneInfo) -> list[str]:
    """One line per job run, newest first."""
    if not runs:
        return [t(locale, "jobs.status.none")]
    lines = [t(locale, "jobs.status.title", n=len(runs))]
    for run in runs:
        error = f" · {run.error}" if run.error and run.state != "sent" else ""
        lines.append(t(
            locale, "jobs.status.row", when=when(run.updated_at, tz),
            job=t(locale, f"jobs.job.{run.job}"), period=run.period, chat=run.chat_id,
            state=t(locale, f"jobs.state.{run.state}"),
            late=t(locale, "jobs.status.late") if run.late else "", error=error,
        ))  # fmt: skip
    return lines
