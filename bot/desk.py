"""The assistant's use cases, independent of any front-end.

Every public method opens exactly one transaction (``with sessions.begin()``), so a
failure anywhere leaves nothing half-written. What comes back is plain data from
``replies.models`` and ``storage.records``; front-ends only format it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.errors import DeskError, LeadRejected, PermissionDenied
from bot.runtime import account_of, build_engine
from bot.texts import text as t
from replies.engine import Engine
from replies.extract import mobile_number
from replies.models import Channel, Classification, Suggestion
from replies.normalize import compact
from storage import accounts as account_store
from storage import leads as lead_store
from storage import reports, usage
from storage.db import make_engine, make_session_factory, upgrade
from storage.records import LeadEventRecord, LeadRecord, SuggestionRecord

__all__ = ["Actor", "DaySummary", "Desk", "DeskError", "InquiryResult", "LeadOutcome"]
__all__ += ["LeadRejected", "PermissionDenied", "require_role"]

ROLE_RANK = {"operator": 0, "lead": 1, "admin": 2}
LEAD_FIELDS: tuple[str, ...] = ("red_nickname", "need", "city", "wechat", "phone", "headcount")
LEAD_FIELDS += ("budget_per_head", "budget_total", "month")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a stable handle ("terminal:alice", "tg:123") and a role."""

    handle: str
    display_name: str
    role: str = "operator"


@dataclass(frozen=True)
class InquiryResult:
    """A handled inquiry: the engine's suggestion plus what storage recorded."""

    inquiry_id: int
    account: str
    suggestion: Suggestion
    suggestion_ids: tuple[int, ...]
    used_today: tuple[int, ...]  # per reply: times this exact sentence was used today
    repeat_limit: int

    def repeated(self, position: int) -> bool:
        """Whether reply `position` was already used `repeat_limit` times today."""
        return self.used_today[position] >= self.repeat_limit


@dataclass(frozen=True)
class LeadOutcome:
    """A logged lead and earlier leads of the same account it may duplicate."""

    lead: LeadRecord
    duplicates: tuple[str, ...]


@dataclass(frozen=True)
class DaySummary:
    """One local day: inquiries per category and leads per account."""

    day: date
    categories: Mapping[str, int]
    leads: Mapping[str, int]


class Desk:
    """Use cases over one reply engine and one database."""

    def __init__(
        self,
        config: Config,
        engine: Engine,
        sessions: sessionmaker[Session],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.engine = engine
        self.sessions = sessions
        self.clock = clock
        self.rng = rng or random.Random()
        with sessions.begin() as session:
            self._account_ids = {
                a.code: account_store.ensure_account(session, code=a.code, name=a.name, city=a.city)
                for a in config.accounts
            }

    @classmethod
    def open(cls, config: Config, **kwargs: Any) -> Desk:
        """Build the engine, connect to and migrate the configured database."""
        db = make_engine(config.db_url())
        upgrade(db)
        return cls(config, build_engine(config), make_session_factory(db), **kwargs)

    # -- time ---------------------------------------------------------------
    def today(self) -> date:
        """The local date in the configured time zone."""
        return self.clock().astimezone(self.config.tz).date()

    def _day_start(self, day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), self.config.tz).astimezone(UTC)

    def _account_id(self, code: str) -> int:
        return self._account_ids[account_of(self.config, code).code]

    def _operator_id(self, session: Session, actor: Actor) -> int:
        return account_store.ensure_operator(
            session, handle=actor.handle, display_name=actor.display_name, role=actor.role
        )

    # -- inquiries and suggestions ------------------------------------------
    def handle_inquiry(
        self, text: str, *, actor: Actor, account: str, channel: Channel = "dm"
    ) -> InquiryResult:
        """Classify, compose fresh replies (rotation from storage), record everything."""
        code = account_of(self.config, account).code
        classification = self.engine.classify(text, account=code, channel=channel)
        with self.sessions.begin() as session:
            inquiry_id = usage.log_inquiry(
                session,
                account_id=self._account_ids[code],
                operator_id=self._operator_id(session, actor),
                channel=channel,
                text=text,
                category=classification.category
                or "",  # "": not placed (storage needs a nullable column)
                script_id=classification.best.script_id if classification.best else None,
                score=classification.best.score if classification.best else 0.0,
                confident=classification.confident,
                now=self.clock(),
            )
            suggestion = self._compose(session, text, classification, code, channel)
            return self._record(session, inquiry_id, code, suggestion)

    def more_variants(
        self, previous: InquiryResult, *, script_id: str | None = None
    ) -> InquiryResult:
        """Fresh wordings for the same inquiry (the ones just shown count as recent)."""
        old = previous.suggestion
        with self.sessions.begin() as session:
            suggestion = self._compose(
                session, old.text, old.classification, previous.account, old.channel, script_id
            )
            return self._record(session, previous.inquiry_id, previous.account, suggestion)

    def _compose(
        self,
        session: Session,
        text: str,
        classification: Classification,
        code: str,
        channel: Channel,
        script_id: str | None = None,
    ) -> Suggestion:
        chosen = script_id or (classification.best.script_id if classification.best else None)
        recent = []
        if chosen and self.config.rotation_memory:
            recent = usage.recent_texts(
                session,
                account_id=self._account_ids[code],
                script_id=chosen,
                limit=self.config.rotation_memory,
            )
        return self.engine.compose(
            text,
            classification,
            account=account_of(self.config, code),
            channel=channel,
            rng=self.rng,
            recent=recent,
            script_id=chosen,
        )

    def _record(
        self, session: Session, inquiry_id: int, code: str, suggestion: Suggestion
    ) -> InquiryResult:
        account_id = self._account_ids[code]
        script_id = (
            suggestion.classification.best.script_id if suggestion.classification.best else ""
        )
        keys = [compact(reply.text) for reply in suggestion.replies]
        ids = usage.log_suggestions(
            session,
            inquiry_id=inquiry_id,
            account_id=account_id,
            script_id=script_id,
            items=[(reply.text, key) for reply, key in zip(suggestion.replies, keys)],
            now=self.clock(),
        )
        since = self._day_start(self.today())
        used = tuple(
            usage.used_count_since(session, account_id=account_id, text_key=key, since=since)
            for key in keys
        )
        return InquiryResult(
            inquiry_id, code, suggestion, tuple(ids), used, self.config.repeat_warning
        )

    def mark_used(self, suggestion_id: int) -> SuggestionRecord:
        """Record that a suggestion was sent to the customer."""
        with self.sessions.begin() as session:
            return usage.mark_used(session, suggestion_id=suggestion_id, now=self.clock())

    # -- leads ----------------------------------------------------------------
    def lead_draft(self, result: InquiryResult | None) -> dict[str, Any]:
        """Lead fields prefilled from an inquiry's extracted fields and text."""
        if result is None:
            return {}
        fields = {k: v for k, v in result.suggestion.fields.as_dict().items() if v is not None}
        fields["need"] = result.suggestion.text[:200]
        return fields

    def log_lead(
        self,
        *,
        actor: Actor,
        account: str,
        fields: Mapping[str, Any],
        notes: str = "",
        source: str = "dm",
        inquiry: InquiryResult | None = None,
        script_id: str | None = None,
    ) -> LeadOutcome:
        """Log a lead with the next clue number; flags earlier leads with the same contact."""
        code = account_of(self.config, account).code
        values = {k: _tidy(v) for k, v in fields.items() if k in LEAD_FIELDS}
        values = {k: v for k, v in values.items() if v not in (None, "")}
        locale = self.config.locale
        if not any(values.get(k) for k in ("red_nickname", "phone", "wechat")):
            raise LeadRejected(t(locale, "lead.need_contact"))
        if "phone" in values:
            values["phone"] = mobile_number(str(values["phone"]))
            if values["phone"] is None:
                raise LeadRejected(t(locale, "lead.bad_phone", value=fields["phone"]))
        now = self.clock()
        with self.sessions.begin() as session:
            duplicates = lead_store.find_duplicates(
                session,
                account_id=self._account_ids[code],
                phone=values.get("phone"),
                wechat=values.get("wechat"),
                red_nickname=values.get("red_nickname"),
                since=now - timedelta(days=self.config.duplicate_days),
            )
            lead = lead_store.add_lead(
                session,
                account_id=self._account_ids[code],
                account_code=code,
                local_day=self.today(),
                now=now,
                clue_format=self.config.clue_format,
                source=source,
                operator_id=self._operator_id(session, actor),
                inquiry_id=inquiry.inquiry_id if inquiry else None,
                notes=notes,
                script_id=script_id,
                **values,
            )
            return LeadOutcome(lead, tuple(duplicates))

    def get_lead(self, clue_number: str) -> tuple[LeadRecord, list[LeadEventRecord]]:
        """A lead and its history."""
        with self.sessions.begin() as session:
            lead = lead_store.get_lead(session, clue_number=clue_number)
            return lead, lead_store.list_events(session, clue_number=clue_number)

    def set_status(
        self, clue_number: str, status: str, *, actor: Actor, deal_value: int | None = None
    ) -> LeadRecord:
        """Move a lead to a new status (won may carry the deal value)."""
        with self.sessions.begin() as session:
            return lead_store.set_status(
                session,
                clue_number=clue_number,
                status=status,
                operator_id=self._operator_id(session, actor),
                now=self.clock(),
                deal_value=deal_value,
            )

    def add_note(self, clue_number: str, note: str, *, actor: Actor) -> LeadRecord:
        """Append a note to a lead."""
        with self.sessions.begin() as session:
            return lead_store.add_note(
                session,
                clue_number=clue_number,
                note=note,
                operator_id=self._operator_id(session, actor),
                now=self.clock(),
            )

    def find_leads(self, query: str, *, account: str | None = None) -> list[LeadRecord]:
        """Leads whose phone, WeChat or nickname matches."""
        account_id = self._account_id(account) if account else None
        with self.sessions.begin() as session:
            return lead_store.find_leads(session, query=query, account_id=account_id)

    def list_leads(
        self,
        *,
        day_from: date | None = None,
        day_to: date | None = None,
        account: str | None = None,
    ) -> list[LeadRecord]:
        """Leads logged between two local days (inclusive), oldest first."""
        account_id = self._account_id(account) if account else None
        with self.sessions.begin() as session:
            return lead_store.list_leads(
                session, account_id=account_id, day_from=day_from, day_to=day_to
            )

    def day_summary(self, day: date | None = None, *, account: str | None = None) -> DaySummary:
        """Inquiries per category and leads per account for one local day."""
        day = day or self.today()
        account_id = self._account_id(account) if account else None
        start = self._day_start(day)
        with self.sessions.begin() as session:
            categories = reports.counts_by_category(
                session, since=start, until=self._day_start(day + timedelta(days=1)),
                account_id=account_id,
            )  # fmt: skip
            leads = reports.lead_counts(session, day_from=day, day_to=day, account_id=account_id)
        return DaySummary(day, categories, leads)


def _tidy(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def require_role(actor: Actor, minimum: str, locale: str = "zh") -> None:
    """Raise PermissionDenied unless the actor's role is at least `minimum`."""
    if ROLE_RANK.get(actor.role, -1) < ROLE_RANK[minimum]:
        raise PermissionDenied(
            t(locale, "permission.denied", name=actor.display_name, role=actor.role, needed=minimum)
        )
