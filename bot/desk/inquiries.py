"""Pasted inquiries: classify, answer within the customer's thread, record, re-answer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.desk import access, claims, learning, reload
from bot.desk.context import Actor, Desk
from bot.desk.threads import joined_thread, view_of
from replies.engine import Engine
from replies.extract import extract
from replies.models import Channel, Classification, Suggestion
from replies.normalize import compact
from replies.thread import ThreadView, add, read_facts
from storage import threads as thread_store
from storage import usage
from storage.records import InquiryRecord, SuggestionRecord


@dataclass(frozen=True)
class InquiryResult:
    """A handled inquiry: the engine's suggestion, its thread, and what storage recorded."""

    inquiry_id: int
    thread_id: int | None
    position: int  # the message's number in its thread (1 for the first)
    account: str
    suggestion: Suggestion
    thread: ThreadView
    suggestion_ids: tuple[int, ...]
    used_today: tuple[int, ...]  # per reply: times this exact sentence was used today
    repeat_limit: int

    def repeated(self, position: int) -> bool:
        """Whether reply `position` was already used `repeat_limit` times today."""
        return self.used_today[position] >= self.repeat_limit


def handle(
    desk: Desk,
    text: str,
    *,
    actor: Actor,
    account: str,
    channel: Channel = "dm",
    once: str | None = None,
) -> InquiryResult:
    """Classify, join the operator's current thread, compose fresh replies, record it all.

    ``once`` (e.g. a Telegram update id) is claimed in the same transaction: a second
    delivery raises AlreadyHandled and records nothing.
    """
    code = desk.account(account).code
    engine = current_engine(desk)
    classification = engine.classify(text, account=code, channel=channel)
    fields = extract(text)
    facts = read_facts(text, fields, classification.category)
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        claims.once(session, desk, once)
        account_id = desk.account_id(session, code)
        thread_id = joined_thread(session, desk, operator_id=operator.id, account_id=account_id)
        view = add(view_of(session, thread_id), facts)
        position = thread_store.append(session, thread_id=thread_id, now=desk.now())
        best = classification.best
        inquiry_id = usage.log_inquiry(
            session, account_id=account_id, operator_id=operator.id, channel=channel,
            text=text, category=classification.category,
            script_id=best.script_id if best else None, score=best.score if best else 0.0,
            confident=classification.confident, local_day=desk.today(), now=desk.now(),
            thread_id=thread_id,
            position=position, facts=facts.as_json(),
        )  # fmt: skip
        inquiry = InquiryRecord(
            inquiry_id,
            account_id,
            operator.id,
            channel,
            text,
            classification.category,
            best.script_id if best else None,
            best.score if best else 0.0,
            classification.confident,
            desk.now(),
            thread_id,
            position,
            code,
        )  # fmt: skip  (what was just inserted: no need to read it back)
        return _answer(session, desk, engine, inquiry, classification, view, channel)


def more_variants(
    desk: Desk,
    inquiry_id: int,
    *,
    actor: Actor,
    channel: Channel | None = None,
    script_id: str | None = None,
    once: str | None = None,
) -> InquiryResult:
    """Fresh wordings for a logged inquiry (optionally for another channel or script).

    Nothing new is logged as an inquiry: the customer did not write again.
    """
    engine = current_engine(desk)
    with desk.transaction() as session:
        access.require(session, actor, "paste", floors=desk.floors)
        claims.once(session, desk, once)
        inquiry = usage.get_inquiry(session, inquiry_id=inquiry_id)
        code = inquiry.account_code
        chosen: Channel = channel or ("comment" if inquiry.channel == "comment" else "dm")
        classification = engine.classify(inquiry.text, account=code, channel=chosen)
        view = (
            view_of(session, inquiry.thread_id, upto=inquiry.position)
            if inquiry.thread_id
            else ThreadView()
        )
        return _answer(session, desk, engine, inquiry, classification, view, chosen, script_id)


def mark_used(
    desk: Desk, suggestion_id: int, *, actor: Actor, once: str | None = None
) -> SuggestionRecord:
    """Record that a suggestion was sent to the customer."""
    with desk.transaction() as session:
        access.require(session, actor, "use_suggestion", floors=desk.floors)
        claims.once(session, desk, once)
        return usage.mark_used(session, suggestion_id=suggestion_id, now=desk.now())


def current_engine(desk: Desk) -> Engine:
    """The engine one inquiry uses throughout, after following the database's changes.

    Taken once: a library reloaded while the inquiry is handled swaps ``desk.engine``,
    not the engine this inquiry classified and composes with.
    """
    learning.refresh(desk)  # another process's correction counts from this inquiry on
    reload.refresh(desk)  # a saved script counts once the background rebuild swaps it in
    return desk.engine


def _answer(
    session: Session,
    desk: Desk,
    engine: Engine,
    inquiry: InquiryRecord,
    classification: Classification,
    view: ThreadView,
    channel: Channel,
    script_id: str | None = None,
) -> InquiryResult:
    code = inquiry.account_code
    chosen = script_id or (classification.best.script_id if classification.best else None)
    recent: list[str] = []
    if chosen and desk.config.rotation_memory:
        recent = usage.recent_texts(
            session,
            account_id=inquiry.account_id,
            script_id=chosen,
            limit=desk.config.rotation_memory,
        )
    suggestion = engine.compose(
        inquiry.text, classification, account=desk.account(code), channel=channel,
        rng=desk.rng, recent=recent, script_id=script_id, fields=extract(inquiry.text),
        thread=view,
    )  # fmt: skip
    keys = [compact(reply.text) for reply in suggestion.replies]
    ids = usage.log_suggestions(
        session,
        inquiry_id=inquiry.id,
        account_id=inquiry.account_id,
        script_id=suggestion.script_id or "",
        items=[(reply.text, key) for reply, key in zip(suggestion.replies, keys)],
        now=desk.now(),
        hook=suggestion.hook,
    )
    since = desk.day_start(desk.today())
    used = tuple(
        usage.used_counts_since(session, account_id=inquiry.account_id, text_keys=keys, since=since)
    )
    return InquiryResult(
        inquiry.id, inquiry.thread_id, inquiry.position or 1, code, suggestion, view,
        tuple(ids), used, desk.config.repeat_warning,
    )  # fmt: skip
