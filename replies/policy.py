"""The playbook's rules for a set of rendered replies, given what the thread knows.

- Never ask for what the customer already said (headcount, date, duration, budget,
  city, contact): a reply that does is pruned of that clause, or skipped.
- While no contact was given, all replies but one carry a hook and ask for a phone or
  WeChat (in comments: invite a 私信 instead), except for 无效 and 留资.
The same detectors score the reply-quality report (``replies.quality``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from replies.mentions import FACTS

NO_HOOK_CATEGORIES = frozenset({"invalid", "contact_given"})
_CLAUSE = re.compile(r"[^，,。！!？?～~；;\n]+[，,。！!？?～~；;\n]*")
# A clause asks when it is a question or a request of the customer.
_REQUEST = re.compile(
    r"[？?]|吗|呢|多少|什么|哪|几|方便(?:说|留|告诉|发|的话)|说下|说一下|告诉|留个|留下|留一下"
    r"|发一下|发下|发个|发我|给我|给个|加个|加一下|麻烦|请问|确认下|确认一下|是.{1,6}还是"
)
_ASKS = {
    "headcount": re.compile(r"多少(?:个)?人|几(?:个|位)人?|人数|多少位|一共.{0,4}人|大概.{0,2}人"),
    "date": re.compile(r"什么时[间候]|哪天|几月|几号|日期|时间|档期|哪个月"),
    "duration": re.compile(r"几天|一天还是|过夜|天数|多久|半天还是|当天.{0,3}还是|玩几天"),
    "budget": re.compile(r"预算|人均|价位|心理价"),
    "city": re.compile(
        r"哪个城市|哪座城市|城市|哪里出发|从哪.{0,2}出发|在哪(?:里|儿)?(?:呀|呢)?[？?]"
    ),
    "contact": re.compile(r"电话|手机|微信|联系方式|号码|vx|wx", re.I),
}
# Asking the customer for theirs ("留个电话", "微信发我一下"), not saying what we do with
# one ("我马上加您（微信…）", "平台不允许直接发微信号").
_CONTACT_ASK = re.compile(
    r"(?:留|给我|发我|发一下|发下|告诉我|说下|说一下|方便.{0,3})(?:个|下|一下|您的|你的|的)?.{0,3}"
    r"(?:电话|手机|微信|联系方式|号码)|(?:电话|手机|微信|号码).{0,4}(?:多少|发我|给我|留一下)"
)
_DM_INVITE = re.compile(r"私信|戳我|后台|私聊|滴我|dd我", re.I)
_MIN_CLAUSES_LEFT = 6  # characters: shorter than this, a pruned reply says nothing


def clauses(text: str) -> list[str]:
    """The reply cut after each comma, full stop, question mark or tilde."""
    return _CLAUSE.findall(text) or [text]


def asks(text: str) -> frozenset[str]:
    """The facts a reply asks the customer for."""
    found: set[str] = set()
    for clause in clauses(text):
        if _REQUEST.search(clause):
            found.update(f for f, pattern in _ASKS.items() if pattern.search(clause))
    if "contact" in found and not _CONTACT_ASK.search(text):
        found.discard("contact")  # "电话联系您" says what we do, not what we want
    return frozenset(found)


def asks_contact(text: str, channel: str) -> bool:
    """Whether a reply asks for a phone or WeChat (in comments: invites a 私信)."""
    if channel == "comment":
        return bool(_DM_INVITE.search(text))
    return bool(_CONTACT_ASK.search(text))


def reasks(text: str, known: frozenset[str]) -> frozenset[str]:
    """Known facts this reply asks for again."""
    return asks(text) & known


def prune(text: str, known: frozenset[str]) -> str | None:
    """The reply without its clauses that ask for known facts; None if little is left."""
    kept = [c for c in clauses(text) if not (_REQUEST.search(c) and _asks_known(c, known))]
    if len(kept) == len(clauses(text)):
        return text
    pruned = "".join(kept).strip("，, ")
    if len(re.sub(r"\W", "", pruned)) < _MIN_CLAUSES_LEFT or reasks(pruned, known):
        return None
    return pruned if re.search(r"[。！!？?～~]$", pruned) else pruned + "～"


def _asks_known(clause: str, known: frozenset[str]) -> bool:
    hits = {f for f, pattern in _ASKS.items() if pattern.search(clause)} & known
    if hits == {"contact"}:
        return bool(_CONTACT_ASK.search(clause))
    return bool(hits)


def fit(replies: Sequence[tuple[int, str]], known: frozenset[str]) -> list[tuple[int, str]]:
    """The (template index, text) replies that fit the thread: intact first, then pruned."""
    intact = [(i, t) for i, t in replies if not reasks(t, known)]
    texts = {t for _, t in intact}
    pruned = [(i, p) for i, t in replies if reasks(t, known) for p in [prune(t, known)] if p]
    return intact + [(i, p) for i, p in pruned if p not in texts]


def hook_due(category: str | None, known: frozenset[str]) -> bool:
    """Whether replies must carry a hook and ask for a contact."""
    return category not in NO_HOOK_CATEGORIES and "contact" not in known


def carries_hook(text: str, hook: str, channel: str) -> bool:
    """Whether a reply offers the hook and asks for a contact (or a 私信 in comments)."""
    return hook in text and asks_contact(text, channel)


__all__ = ["FACTS", "asks", "asks_contact", "carries_hook", "clauses", "fit", "hook_due"]
__all__ += ["prune", "reasks"]
