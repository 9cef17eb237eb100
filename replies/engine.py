"""The reply engine: classify an inquiry, then compose varied, checked replies.

Classification and composition are separate steps so a caller with storage can
look up the recently used texts of the chosen script in between (see
bot/desk.py); ``suggest`` runs both for callers without storage.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict

from replies import extract as extraction
from replies import safety
from replies.compose import Playbook, finish
from replies.errors import InputError
from replies.library import Library
from replies.matching import Index, build_index
from replies.mentions import FACTS
from replies.models import (
    Account,
    Channel,
    Classification,
    LeadFields,
    Match,
    Reply,
    Script,
    Suggestion,
)
from replies.render import rotate
from replies.thread import QUESTIONS, ThreadView, read_facts
from replies.thread import fold as fold_thread

MAX_CHARS = 4000
DEFAULT_THRESHOLD = 45.0
DEFAULT_HOOK = "详细方案资料"
_KEEP_CONTROLS = {"\n", "\t"}
# A category is ranked by its best trigger plus, with falling weight, its next best:
# several triggers agreeing beat one lucky match. The score shown stays the best one.
NEIGHBOUR_WEIGHTS = (1.0, 0.4, 0.16)
# The library tag of the re-activation scripts written for each situation of a thread.
SITUATION_TAGS = {"asked_ours": "要联系方式", "kept_asking": "追问", "silent": "沉默"}


def clean_input(text: str) -> str:
    """Drop control characters and surrounding space; refuse empty or huge pastes."""
    if not isinstance(text, str):
        raise InputError("the inquiry must be text")
    cleaned = "".join(
        c for c in text if c in _KEEP_CONTROLS or unicodedata.category(c) not in ("Cc", "Cs")
    ).strip()
    if not cleaned:
        raise InputError("the inquiry is empty: paste the customer's message", "empty")
    if len(cleaned) > MAX_CHARS:
        raise InputError(
            f"the inquiry is {len(cleaned)} characters long; the limit is {MAX_CHARS}:"
            " paste only the customer's message",
            "too_long",
            length=len(cleaned),
            limit=MAX_CHARS,
        )
    return cleaned


def _support(scores: list[tuple[float, int]]) -> float:
    return sum(w * score for w, (score, _) in zip(NEIGHBOUR_WEIGHTS, scores))


class Engine:
    """A library with one search index per account, plus safety rules."""

    def __init__(
        self,
        library: Library,
        *,
        rules: safety.SafetyRules | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        suggestions: int = 3,
        memory: int = 5,
    ) -> None:
        self.library = library
        self.rules = rules if rules is not None else safety.load_rules()
        self.threshold = threshold
        self.suggestions = suggestions
        self.memory = memory  # never repeat one of the last `memory` texts
        self._indexes: dict[str | None, tuple[Index, tuple[Script, ...]]] = {}

    def _index(self, account: str | None) -> tuple[Index, tuple[Script, ...]]:
        key = account.upper() if account else None
        if key not in self._indexes:
            scripts = self.library.for_account(key)
            index = build_index(
                ((s.id, t) for s in scripts for t in s.triggers),
                groups=[s.category for s in scripts for _ in s.triggers],
            )
            self._indexes[key] = (index, scripts)
        return self._indexes[key]

    def classify(
        self, text: str, *, account: str | None = None, channel: Channel | None = None
    ) -> Classification:
        """Rank categories for an inquiry; below the threshold it is not confident."""
        text = clean_input(text)
        index, _ = self._index(account)
        # Categories are ranked on every script of the account, so a comment that
        # leaves a phone number is still 留资; the script that answers is the best
        # one that serves the channel, when one of that category does.
        hits: dict[str, list[tuple[float, int]]] = {}
        serving: dict[str, int] = {}
        for hit in index.search_triggers(text, limit=80):
            script = self.library.by_id[index.keys[hit.trigger]]
            found = hits.setdefault(script.category, [])
            if len(found) < len(NEIGHBOUR_WEIGHTS):
                found.append((hit.score, hit.trigger))
            if script.category not in serving and script.serves(None, channel):
                serving[script.category] = hit.trigger
        ranked = sorted(hits, key=lambda c: -_support(hits[c]))
        matches = tuple(
            self._match(text, index, category, serving, hits, explain=n == 0)
            for n, category in enumerate(ranked)
        )
        best = matches[0] if matches else None
        return Classification(
            best=best,
            alternatives=tuple((m.category, m.score) for m in matches[1:4]),
            confident=best is not None and best.score >= self.threshold,
            matches=matches,
        )

    @staticmethod
    def _match(
        text: str,
        index: Index,
        category: str,
        serving: dict[str, int],
        hits: dict[str, list[tuple[float, int]]],
        *,
        explain: bool,
    ) -> Match:
        # The evidence is the category's best trigger (it earned the score); the script
        # that answers is the best one serving the channel, which may be its twin.
        # Shared words are worked out for the winner only: nothing shows them for the rest.
        score, evidence = hits[category][0]
        answering = serving.get(category, evidence)
        return Match(
            script_id=index.keys[answering],
            category=category,
            score=score,
            trigger=index.triggers[evidence],
            shared=index.shared_words(text, evidence) if explain else (),
        )

    def compose(
        self,
        text: str,
        classification: Classification,
        *,
        account: Account | None,
        channel: Channel,
        rng: random.Random,
        recent: Sequence[str] = (),
        script_id: str | None = None,
        fields: LeadFields | None = None,
        thread: ThreadView | None = None,
    ) -> Suggestion:
        """Render fresh replies from the chosen (or given) script and check them.

        ``thread`` is what the customer said before (this message included); without
        one, the message is the whole thread.
        """
        fields = fields if fields is not None else extraction.extract(text)
        if thread is None:
            thread = fold_thread([read_facts(text, fields, classification.category)])
        chosen = script_id or (classification.best.script_id if classification.best else None)
        script = self.library.by_id.get(chosen) if chosen else None
        if script is not None and script_id is None:
            script = self._for_situation(script, thread, account, channel)
        if script is None:
            return Suggestion(text, _code(account), channel, classification, fields)
        hook = rng.choice(script.hooks) if script.hooks else DEFAULT_HOOK
        rules = Playbook(
            script.category, thread.known, channel, hook, self._request(classification, account)
        )
        variables = {
            **asdict(thread.fields),
            "duration": thread.duration,
            "known": {fact: fact in thread.known for fact in FACTS},
            "account": asdict(account or Account("")),
            "hook": hook,
            "request": rules.request,
        }
        rendered = rotate(
            script.replies,
            variables,
            rng,
            recent=recent[: self.memory],
            count=2 * max(len(script.replies), self.suggestions),
        )
        replies = tuple(
            self._checked(reply_text, index, channel)
            for index, reply_text in finish(rendered, rules, rng, self.suggestions)
        )
        return Suggestion(
            text, _code(account), channel, classification, fields, replies, hook, script.id
        )

    def _for_situation(
        self, script: Script, thread: ThreadView, account: Account | None, channel: Channel
    ) -> Script:
        # A re-activation answer follows where the customer stands, not only their words.
        if script.category != "reactivation":
            return script
        tag = SITUATION_TAGS.get(thread.situation(script.category))
        if tag is None or tag in script.tags:
            return script
        for other in self.library.for_account(_code(account)):
            same = other.category == script.category and tag in other.tags
            if same and other.serves(_code(account), channel):
                return other
        return script

    def _request(self, classification: Classification, account: Account | None) -> str | None:
        # What a customer who left a contact asked for: the hook of the best question
        # category behind 留资 ("电话139…，方案发我一下" -> 团建方案合集).
        if classification.category != "contact_given":
            return None
        for match in classification.matches[1:3]:
            if match.category in QUESTIONS and match.score >= self.threshold / 2:
                script = self.library.by_id.get(match.script_id)
                if script and script.hooks:
                    return script.hooks[0]
        return None

    def _checked(self, text: str, index: int, channel: Channel) -> Reply:
        safe_text, violations = safety.make_safe(text, channel, self.rules)
        return Reply(text, index, violations, safe_text)

    def suggest(
        self,
        text: str,
        *,
        account: Account | None = None,
        channel: Channel = "dm",
        rng: random.Random | None = None,
        recent: Sequence[str] = (),
    ) -> Suggestion:
        """Classify and compose in one go (no storage: ``recent`` comes from the caller)."""
        code = _code(account)
        classification = self.classify(text, account=code, channel=channel)
        return self.compose(
            text,
            classification,
            account=account,
            channel=channel,
            rng=rng or random.Random(),
            recent=recent,
        )


def _code(account: Account | None) -> str | None:
    return account.code if account else None
