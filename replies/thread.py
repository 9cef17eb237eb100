"""What one customer told us over several messages, folded into one view.

Each message yields ``Facts`` (extracted values, what was mentioned at all, what the
customer did); a thread is the fold of its messages in order: a later value overrides
an earlier one, and each field remembers the message it came from. Facts turn into and
from plain dicts so storage can keep them as JSON without knowing this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from replies.mentions import duration_days, mentioned
from replies.models import LeadFields

# What the customer did, by the category of their message.
ACTS = {
    "contact_request": "asked_contact",
    "contact_given": "gave_contact",
    "reactivation": "hesitated",
    "price": "asked_price",
}
QUESTIONS = frozenset(
    {"first_inquiry", "price", "destination", "activities", "case_study", "logistics"}
)
_FIELD_FACT = {"headcount": "headcount", "month": "date", "city": "city"}
_FIELD_FACT |= {"budget_per_head": "budget", "budget_total": "budget"}
_FIELD_FACT |= {"phone": "contact", "wechat": "contact"}


@dataclass(frozen=True, slots=True)
class Facts:
    """What one message told us."""

    fields: LeadFields = field(default_factory=LeadFields)
    mentioned: frozenset[str] = frozenset()
    duration: float | None = None
    category: str | None = None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (storage keeps it with the inquiry)."""
        values = {k: v for k, v in self.fields.as_dict().items() if v is not None}
        return {
            "fields": values,
            "mentioned": sorted(self.mentioned),
            "duration": self.duration,
            "category": self.category,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Facts:
        """The inverse of ``as_json``; tolerant of keys a newer version may add."""
        if not data:
            return cls()
        names = {f.name for f in fields(LeadFields)}
        values = {k: v for k, v in dict(data.get("fields") or {}).items() if k in names}
        return cls(
            LeadFields(**values),
            frozenset(data.get("mentioned") or ()),
            data.get("duration"),
            data.get("category"),
        )


def read_facts(text: str, fields_: LeadFields, category: str | None) -> Facts:
    """The facts of one message: its extracted fields plus every fact it mentions."""
    said = set(mentioned(text))
    said.update(fact for name, fact in _FIELD_FACT.items() if getattr(fields_, name) is not None)
    return Facts(fields_, frozenset(said), duration_days(text), category)


@dataclass(frozen=True, slots=True)
class ThreadView:
    """A customer thread folded: accumulated fields, what is known, what they did."""

    fields: LeadFields = field(default_factory=LeadFields)
    sources: Mapping[str, int] = field(default_factory=dict)  # field -> message number (1-)
    known: frozenset[str] = frozenset()
    duration: float | None = None
    acts: Mapping[str, int] = field(default_factory=dict)
    messages: int = 0
    questions: int = 0  # business questions asked while no contact was given

    @property
    def has_contact(self) -> bool:
        """Whether the customer gave a phone or WeChat somewhere in the thread."""
        return "contact" in self.known

    def situation(self, category: str | None) -> str:
        """The re-activation situation: asked_ours, hesitating, kept_asking or silent."""
        if self.acts.get("asked_contact"):
            return "asked_ours"
        if self.questions >= 2 and not self.has_contact:
            return "kept_asking"  # several questions and still no contact: ask with a hook
        if category == "reactivation" or self.acts.get("hesitated"):
            return "hesitating"
        return "silent"


def fold(messages: Iterable[Facts]) -> ThreadView:
    """Fold messages in order into one view of the thread."""
    view = ThreadView()
    for facts in messages:
        view = add(view, facts)
    return view


def add(view: ThreadView, facts: Facts) -> ThreadView:
    """The view after one more message."""
    number = view.messages + 1
    given: dict[str, Any] = {k: v for k, v in facts.fields.as_dict().items() if v is not None}
    acts = dict(view.acts)
    act = ACTS.get(facts.category or "")
    if act:
        acts[act] = acts.get(act, 0) + 1
    if facts.fields.phone or facts.fields.wechat:
        acts["gave_contact"] = acts.get("gave_contact", 0) + 1
    known = view.known | facts.mentioned
    asked = facts.category in QUESTIONS and "contact" not in known
    return replace(
        view,
        fields=replace(view.fields, **given),
        sources={**view.sources, **dict.fromkeys(given, number)},
        known=known,
        duration=facts.duration if facts.duration is not None else view.duration,
        acts=acts,
        messages=number,
        questions=view.questions + (1 if asked else 0),
    )
