"""Plain, frozen data that crosses the engine's boundary."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal

MAX_CHARS = 4000  # the longest inquiry the engine takes, in characters

Channel = Literal["dm", "comment"]
ScriptChannel = Literal["dm", "comment", "both"]
Severity = Literal["block", "warn"]


@dataclass(frozen=True, slots=True)
class Script:
    """One reply script: when it applies and the reply variants it offers."""

    id: str
    category: str
    triggers: tuple[str, ...]
    replies: tuple[str, ...]
    accounts: tuple[str, ...] | None = None  # None: every account
    channel: ScriptChannel = "both"
    hooks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: str = ""  # file the script was loaded from, for messages

    def serves(self, account: str | None, channel: Channel | None) -> bool:
        """Whether this script may be suggested for this account and channel."""
        if account and self.accounts is not None and account.upper() not in self.accounts:
            return False
        return not (channel and self.channel not in ("both", channel))


@dataclass(frozen=True, slots=True)
class Account:
    """An enterprise account as templates see it."""

    code: str
    name: str = ""
    city: str = ""


@dataclass(frozen=True, slots=True)
class LeadFields:
    """Lead fields extracted from an inquiry; None where the text does not say."""

    city: str | None = None
    headcount: int | None = None
    budget_per_head: int | None = None
    budget_total: int | None = None
    month: int | None = None
    phone: str | None = None
    wechat: str | None = None

    def as_dict(self) -> dict[str, str | int | None]:
        """The fields as a plain dict, in a stable order."""
        return {name: getattr(self, name) for name in LEAD_FIELD_NAMES}


# The one list of extracted lead fields: templates, evaluation and views all use it.
LEAD_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(LeadFields))


@dataclass(frozen=True, slots=True)
class Match:
    """Why the engine chose a script: the script, its score and the evidence."""

    script_id: str
    category: str
    score: float  # 0-100
    trigger: str  # the library trigger that matched best
    shared: tuple[str, ...] = ()  # words the inquiry and the trigger share


@dataclass(frozen=True, slots=True)
class Classification:
    """The engine's verdict on one inquiry: best match, runners-up, confidence."""

    best: Match | None
    alternatives: tuple[tuple[str, float], ...]  # (category, score), best first
    confident: bool
    matches: tuple[Match, ...] = ()  # best script per category, best first

    @property
    def category(self) -> str | None:
        """The best-guess category; None when the engine cannot place the inquiry at all."""
        return self.best.category if self.best else None


@dataclass(frozen=True, slots=True)
class Example:
    """A labelled inquiry the engine learns from (an operator's correction, an import)."""

    text: str
    category: str
    account: str | None = None  # None: counts for every account


@dataclass(frozen=True, slots=True)
class Violation:
    """One word or pattern in a reply that the platform punishes."""

    rule: str  # the rule group, e.g. "wechat", "phone_digits"
    text: str  # the offending text as it stands in the reply
    start: int
    end: int
    severity: Severity
    replacement: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One ready-to-send reply with its safety check."""

    text: str
    template_index: int
    violations: tuple[Violation, ...] = ()
    safe_text: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Everything the engine has to say about one inquiry."""

    text: str
    account: str | None
    channel: Channel
    classification: Classification
    fields: LeadFields
    replies: tuple[Reply, ...] = field(default_factory=tuple)
    hook: str | None = None
    script_id: str | None = None  # the script that answered (may differ from the match)
