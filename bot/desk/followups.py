"""Re-activation follow-ups: customers who went quiet after our reply, and what to send.

A thread is due ``[followups] after_hours`` after our last reply, then again after each
re-activation message the operator sent, at most ``rounds`` times; then it has gone
cold (and can be reopened). Buttons are compare-and-set on the step they were shown
at, so a double press or two processes never advance a thread twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.desk import access
from bot.desk import leads as lead_cases
from bot.desk.context import Actor, Desk
from bot.desk.threads import view_of
from bot.errors import UsageError
from bot.schedule import after_quiet, in_quiet
from replies.followup import reactivation_script
from replies.models import Classification, Match
from storage import followups as store
from storage import jobs as job_store
from storage import threads as thread_store
from storage import usage
from storage.followups import Waiting

SNOOZE = timedelta(hours=24)
ACTIONS = ("sent", "replied", "won", "lost", "snooze", "reopen")
TELEGRAM = "tg:"


@dataclass(frozen=True)
class Reminder:
    """One thread due for a re-activation message, with suggested wordings."""

    thread_id: int
    account: str
    operator_handle: str
    clue_number: str | None
    situation: str  # asked_ours | kept_asking | hesitating | silent
    round: int  # re-activation messages sent so far
    rounds: int
    anchor: int
    step: int
    due_at: datetime
    replies: tuple[str, ...]

    @property
    def key(self) -> str:
        """The job-run period of this reminder: one send per thread, message and step."""
        return run_key(self.thread_id, self.anchor, self.step)

    @property
    def chat_id(self) -> int | None:
        """The operator's Telegram private chat (None for a terminal operator)."""
        handle = self.operator_handle
        return int(handle[len(TELEGRAM) :]) if handle.startswith(TELEGRAM) else None


def run_key(thread_id: int, anchor: int, step: int) -> str:
    """The job-run period of a reminder: one send per thread, customer message and step."""
    return f"t{thread_id}-a{anchor}-s{step}"


def due_at(desk: Desk, found: Waiting) -> datetime:
    """When a waiting thread's next reminder is due."""
    at = found.next_due or found.replied_at + timedelta(hours=desk.config.followup_after_hours)
    return max(at, found.snoozed_until) if found.snoozed_until else at


def horizon(desk: Desk) -> datetime:
    """The oldest reply still followed up: twice the whole schedule (every round, snoozes).

    Bounds each tick's scan, and keeps a first start on a database with months of history
    from reminding operators of customers who left long ago.
    """
    config = desk.config
    return desk.now() - timedelta(
        hours=config.followup_after_hours * (config.followup_rounds + 1) * 2
    )


def listing(desk: Desk, *, actor: Actor) -> list[Reminder]:
    """The actor's threads due now (quiet hours hold pushes back, not this list)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "followups", desk.floors)
        found = store.waiting(session, operator_id=operator.id, since=horizon(desk))
        return [_reminder(session, desk, w) for w in found if due_at(desk, w) <= desk.now()]


def count_due(desk: Desk, *, actor: Actor) -> int:
    """How many of the actor's threads are due now (no suggestions rendered)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "followups", desk.floors)
        found = store.waiting(session, operator_id=operator.id, since=horizon(desk))
        return sum(1 for w in found if due_at(desk, w) <= desk.now())


def to_push(desk: Desk) -> list[Reminder]:
    """Reminders for Telegram operators due now, none in quiet hours (they wait)."""
    now, schedule = desk.now(), desk.config.schedule()
    if in_quiet(now, schedule):
        return []
    with desk.transaction() as session:
        found = [
            w for w in store.waiting(session, since=horizon(desk))
            if w.operator_handle.startswith(TELEGRAM)
            and after_quiet(due_at(desk, w), schedule) <= now
        ]  # fmt: skip
        keys = {w.thread_id: run_key(w.thread_id, w.anchor, w.step) for w in found}
        sent = job_store.settled(session, job="followup", periods=keys.values())
        # Pushed already (the step moves on only with a button): nothing to render again.
        return [_reminder(session, desk, w) for w in found if keys[w.thread_id] not in sent]


def act(
    desk: Desk,
    thread_id: int,
    action: str,
    *,
    actor: Actor,
    step: int | None = None,
    anchor: int | None = None,
) -> Reminder | None:
    """Apply a follow-up button (at the step it was shown, when given); the new state."""
    if action not in ACTIONS:
        raise UsageError(f"unknown follow-up action {action!r}", "fu_action", value=action)
    with desk.transaction() as session:
        operator = access.require(session, actor, "followups", desk.floors)
        states = ("cold",) if action == "reopen" else ("active",)
        found = store.waiting(session, thread_id=thread_id, states=states)
        if not found or (step is not None and (found[0].step, found[0].anchor) != (step, anchor)):
            raise UsageError(f"thread {thread_id} has moved on", "fu_moved", thread=thread_id)
        w = found[0]
        if w.operator_id != operator.id:
            access.require(session, actor, "update_any_lead", desk.floors)
        values = _next_state(session, desk, w, action, actor)
        if not store.save(session, thread_id=thread_id, anchor=w.anchor, step=w.step,
                          now=desk.now(), **values):  # fmt: skip
            raise UsageError(f"thread {thread_id} has moved on", "fu_moved", thread=thread_id)
        after = store.waiting(session, thread_id=thread_id, states=("active",))
        return _reminder(session, desk, after[0]) if after else None


def _next_state(
    session: Session, desk: Desk, w: Waiting, action: str, actor: Actor
) -> dict[str, Any]:
    now, rounds = desk.now(), desk.config.followup_rounds
    state: dict[str, Any] = {
        "round": w.round,
        "state": "closed",
        "next_due": None,
        "snoozed_until": None,
    }
    if action == "sent":
        done = w.round + 1 >= rounds
        after = now + timedelta(hours=desk.config.followup_after_hours)
        state |= {"round": w.round + 1, "state": "cold" if done else "active"}
        state["next_due"] = None if done else after
    elif action == "snooze":
        state |= {"state": "active", "next_due": now + SNOOZE, "snoozed_until": now + SNOOZE}
    elif action == "reopen":
        state |= {"round": 0, "state": "active", "next_due": now}
    elif action == "replied":
        thread = thread_store.get_thread(session, thread_id=w.thread_id)
        thread_store.point(
            session, operator_id=thread.operator_id, account_id=thread.account_id,
            thread_id=w.thread_id, now=now,
        )  # fmt: skip
    status = {"replied": "contacted", "won": "won", "lost": "lost"}.get(action)
    if status and w.clue_number:
        lead_cases.set_status_in(session, desk, w.clue_number, status, actor=actor)
    return state


def _reminder(session: Session, desk: Desk, w: Waiting) -> Reminder:
    view = view_of(session, w.thread_id)
    situation = view.situation(None)
    script = reactivation_script(desk.engine.library, w.account_code, situation, desk.rng)
    replies: tuple[str, ...] = ()
    if script is not None:
        account_id = desk.existing_account_id(session, w.account_code)
        recent = (
            usage.recent_texts(
                session,
                account_id=account_id,
                script_id=script.id,
                limit=desk.config.rotation_memory,
            )
            if account_id and desk.config.rotation_memory
            else []
        )
        best = Match(script.id, script.category, 100.0, script.triggers[0])
        suggestion = desk.engine.compose(
            "", Classification(best, (), True), account=desk.account(w.account_code),
            channel="dm", rng=desk.rng, recent=recent, script_id=script.id,
            fields=view.fields, thread=view,
        )  # fmt: skip
        replies = tuple(reply.text for reply in suggestion.replies)
    return Reminder(
        w.thread_id, w.account_code, w.operator_handle, w.clue_number, situation, w.round,
        desk.config.followup_rounds, w.anchor, w.step, due_at(desk, w), replies,
    )  # fmt: skip
