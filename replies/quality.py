"""Reply quality over labelled inquiries: do the suggestions follow the playbook?

Each suggestion set is checked for replies that re-ask a known fact, ask for a contact
already given, lack a hook where one is due (all but one reply must carry one while no
contact was given), or are broken ("None", template syntax, an empty slot such as
"人的"). Rows are scored alone and as two-message threads: a row that states a field,
followed by a short "多少钱" / "怎么收费" / "能做吗".
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from replies import policy
from replies.models import Channel, Classification, LeadFields, Suggestion
from replies.thread import Facts, ThreadView, fold, read_facts

FOLLOW_UPS = ("多少钱", "怎么收费", "能做吗")
KINDS = ("reask", "contact_reask", "missing_hook", "broken")
_BROKEN = re.compile(
    r"None|\{\{|\}\}|\{%|%\}|\{#|#\}"
    r"|(?:^|[，,。！!？?、～~\s（(：:])(?:人|位|元|月|号|天)(?:的|、|，|,)"
    r"|人均元|预算元|(?<![0-9一二三四五六七八九十两])月出行"
)

Answer = Callable[[str, ThreadView, Channel], Suggestion]


@dataclass
class QualityReport:
    """Counts of replies with each kind of problem, with a few examples of each."""

    replies: int = 0
    sets: int = 0
    problems: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    examples: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})

    def share(self, kind: str) -> float:
        """The share of replies with this problem."""
        return self.problems[kind] / self.replies if self.replies else 0.0

    def add(self, kind: str, text: str, count: int = 1) -> None:
        """Count a problem (and keep the first few examples)."""
        self.problems[kind] += count
        if len(self.examples[kind]) < 5:
            self.examples[kind].append(text)


def problems(suggestion: Suggestion, thread: ThreadView, channel: str) -> list[tuple[str, str]]:
    """(kind, reply text) for every problem in one suggestion set."""
    found: list[tuple[str, str]] = []
    known = thread.known
    for reply in suggestion.replies:
        text = reply.text
        if _BROKEN.search(text):
            found.append(("broken", text))
        again = policy.reasks(text, known)
        if again - {"contact"}:
            found.append(("reask", text))
        if "contact" in again or (thread.has_contact and policy.asks_contact(text, "dm")):
            found.append(("contact_reask", text))
    category = suggestion.classification.category
    if suggestion.replies and policy.hook_due(category, known):
        hook = suggestion.hook or ""
        texts = [r.text for r in suggestion.replies]
        lacking = [text for text in texts if not policy.carries_hook(text, hook, channel)]
        missing = max(0, len(lacking) - 1)  # one reply may go without
        found.extend(("missing_hook", text) for text in lacking[:missing])
    return found


Thread = list[tuple[str, str | None]]  # (text, account) per message


def threads_of(rows: Iterable[tuple[str, str | None, LeadFields]]) -> list[Thread]:
    """Each row alone, and each row stating a field followed by a short question."""
    out: list[Thread] = []
    stated = 0
    for text, account, fields in rows:
        out.append([(text, account)])
        if any(value is not None for value in fields.as_dict().values()):
            out.append([(text, account), (FOLLOW_UPS[stated % len(FOLLOW_UPS)], account)])
            stated += 1
    return out


def score(
    threads: Sequence[Sequence[tuple[str, str | None]]],
    classify: Callable[[str, str | None], Classification],
    compose: Callable[[str, Classification, str | None, ThreadView, random.Random], Suggestion],
    extract: Callable[[str], LeadFields],
    *,
    channel: str = "dm",
    seed: int = 0,
) -> QualityReport:
    """Answer every message of every thread and count the problems of each answer."""
    report = QualityReport()
    rng = random.Random(seed)
    for thread in threads:
        facts: list[Facts] = []
        for text, account in thread:
            classification = classify(text, account)
            facts.append(read_facts(text, extract(text), classification.category))
            view = fold(facts)
            suggestion = compose(text, classification, account, view, rng)
            report.replies += len(suggestion.replies)
            report.sets += 1
            for kind, reply in problems(suggestion, view, channel):
                report.add(kind, reply)
    return report
