"""Rendered replies made to follow the playbook for one customer thread.

``Engine.compose`` renders every variant it may use; this module keeps those that fit
what the thread knows (``policy.fit``) and tops them up with a hook where a contact is
still missing, or with an acknowledgement of what a customer who left one asked for.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from replies import policy
from replies.render import render

TAILS_FILE = Path(__file__).parent / "data" / "tails.toml"


@dataclass(frozen=True, slots=True)
class Playbook:
    """What the rules need to know about one answer."""

    category: str | None
    known: frozenset[str]
    channel: str
    hook: str
    request: str | None = None  # what a customer who left a contact asked for


@cache
def tails() -> dict[str, tuple[str, ...]]:
    """The tail templates of replies/data/tails.toml, by kind."""
    data = tomllib.loads(TAILS_FILE.read_text(encoding="utf-8"))
    return {kind: tuple(templates) for kind, templates in data.items()}


def finish(
    rendered: Sequence[tuple[int, str]], rules: Playbook, rng: random.Random, count: int
) -> list[tuple[int, str]]:
    """Up to ``count`` replies that re-ask nothing known and carry the hooks that are due."""
    chosen = policy.fit(rendered, rules.known)[:count]
    if policy.hook_due(rules.category, rules.known):
        return _with_hooks(chosen, rules, rng, count)
    if rules.category == "contact_given" and rules.request:
        return [(i, _acknowledge(text, rules, rng)) for i, text in chosen]
    return chosen


def _with_hooks(
    chosen: list[tuple[int, str]], rules: Playbook, rng: random.Random, count: int
) -> list[tuple[int, str]]:
    # All replies but one carry the hook, so the operator can still pick a plain answer.
    due = max(len(chosen), count) - 1
    carrying = sum(policy.carries_hook(t, rules.hook, rules.channel) for _, t in chosen)
    out = []
    for index, text in chosen:
        if carrying < due and not policy.carries_hook(text, rules.hook, rules.channel):
            text = _join(text, _tail(text, rules, rng))
            carrying += 1
        out.append((index, text))
    return out


def _tail(text: str, rules: Playbook, rng: random.Random) -> str:
    if rules.channel == "comment":
        kind = "comment"
    elif policy.asks_contact(text, "dm"):
        kind = "dm_hook"
    else:
        kind = "dm_contact" if rules.hook in text else "dm"
    return render(rng.choice(tails()[kind]), {"hook": rules.hook}, rng)


def _acknowledge(text: str, rules: Playbook, rng: random.Random) -> str:
    if rules.request and rules.request in text:
        return text
    ack = render(rng.choice(tails()["request"]), {"request": rules.request}, rng)
    return _join(text, ack)


def _join(text: str, tail: str) -> str:
    text = text.rstrip()
    if text and text[-1] not in "。！!？?～~":
        text += "，"
    return text + tail
