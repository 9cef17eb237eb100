"""The reply engine: classify an inquiry, then compose varied, checked replies.

Classification and composition are separate steps so a caller with storage can
look up the recently used texts of the chosen script in between (see
bot/desk.py); ``suggest`` runs both for callers without storage.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from replies import extract as extraction
from replies import policy, safety
from replies.classifier import CategoryModel, ModelOptions, model_text, strip_stickers
from replies.compose import Playbook, finish, tails
from replies.errors import ExampleError, InputError
from replies.library import Library
from replies.matching import Hit, Index, build_index
from replies.mentions import FACTS
from replies.models import (
    MAX_CHARS,
    Account,
    Channel,
    Classification,
    Example,
    LeadFields,
    Match,
    Reply,
    Script,
    Suggestion,
)
from replies.normalize import for_matching
from replies.render import rotate
from replies.thread import QUESTIONS, ThreadView, read_facts
from replies.thread import fold as fold_thread

if TYPE_CHECKING:
    from replies.modelcache import ModelCache

DEFAULT_THRESHOLD = 60.0  # below it, calibrated, the shown category is right about half the time
DEFAULT_HOOK = "详细方案资料"
# Control characters (category Cc) but newline and tab, and lone surrogates (Cs).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]+")
CONTACT_GIVEN, INVALID = "contact_given", "invalid"
# The library tag of the re-activation scripts written for each situation of a thread.
SITUATION_TAGS = {"asked_ours": "要联系方式", "kept_asking": "追问", "silent": "沉默"}


def clean_input(text: str) -> str:
    """Drop control characters and surrounding space; refuse empty or huge pastes."""
    if not isinstance(text, str):
        raise InputError("the inquiry must be text")
    cleaned = _CONTROLS.sub("", text).strip()
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


class Engine:
    """A library, a learned category model and a search index per account, plus safety rules.

    The category comes from a linear model (``replies.classifier``) trained from the
    library's triggers, each labelled with its script's category, plus learned examples;
    the index picks the script inside that category and gives the why (the matched
    trigger, the words shared with it). Models are trained per account, on the scripts
    that serve it and the examples of that account (or of every account), the first time
    the account is classified. With a ``cache`` (``replies.modelcache``) a model trained
    before on the same data is read from disk instead.

    Learning API (operators' corrections, imports):

    * ``Engine(library, examples=[Example(text, category, account), ...])`` trains with them;
    * ``engine.learn(example)`` counts from the very next inquiry: an inquiry whose
      normalised text equals a learned example's gets the example's category on top;
    * ``engine.refit()`` retrains every model with all examples (about a second at
      10 000 triggers); the new models replace the old in one assignment, so it may run
      in a background thread while ``classify`` serves.
    """

    def __init__(
        self,
        library: Library,
        *,
        rules: safety.SafetyRules | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        suggestions: int = 3,
        memory: int = 5,
        examples: Iterable[Example] = (),
        options: ModelOptions | None = None,
        cache: ModelCache | None = None,
    ) -> None:
        self.library = library
        self.rules = rules if rules is not None else safety.load_rules()
        self.threshold = threshold
        self.suggestions = suggestions
        self.memory = memory  # never repeat one of the last `memory` texts
        self.options = options or ModelOptions()
        self.cache = cache  # trained models kept on disk (None: always train)
        self._examples: list[Example] = []
        self._indexes: dict[str | None, _Searched] = {}
        self._models: dict[str | None, CategoryModel] = {}
        # Normalised text -> account -> category of the learned examples, built on first
        # use: a command that never classifies does not normalise thousands of examples.
        self._memo: dict[str, dict[str | None, str]] | None = None
        for example in examples:
            self._remember(example)

    @property
    def examples(self) -> tuple[Example, ...]:
        """Every learned example, in the order it was given."""
        return tuple(self._examples)

    def learn(self, example: Example) -> None:
        """Take one example in: it counts from the next inquiry; refit() folds it into the model."""
        self._remember(example)

    def refit(self) -> None:
        """Retrain the models of every account seen so far with all learned examples."""
        keys = list(self._models) or [None]
        self._models = {key: self._train(key) for key in keys}

    def with_library(self, library: Library) -> Engine:
        """A new engine on ``library`` with these rules, options and learned examples.

        When no script's matching shape changed (ids, categories, accounts, channels,
        triggers, in order), the trained models are shared: an edit of replies, hooks
        or tags costs no retraining. Otherwise the new engine trains on first use.
        """
        known = set(library.categories)  # an example of a vanished category cannot count
        kept = [e for e in self._examples if e.category in known]
        same = len(kept) == len(self._examples)
        new = Engine(
            library, rules=self.rules, threshold=self.threshold, suggestions=self.suggestions,
            memory=self.memory, options=self.options, cache=self.cache,
            examples=() if same else kept,
        )  # fmt: skip
        if same:  # every example still counts: take them in as they are, not normalised again
            new._examples = list(self._examples)
            if self._memo is not None:
                new._memo = {text: dict(by) for text, by in self._memo.items()}
        if _shape(library) == _shape(self.library):
            new._models = dict(self._models)  # models are replaced whole, never mutated
            laid_out: dict[int, _Searched] = {}  # accounts sharing an index keep sharing it
            for k, s in self._indexes.items():
                if id(s) not in laid_out:
                    laid_out[id(s)] = _Searched.of(s.index, library.for_account(k))
                new._indexes[k] = laid_out[id(s)]
        return new

    def warm(self, accounts: Iterable[str | None]) -> None:
        """Build each account's index and model now, so no inquiry waits for training.

        One search and one read per account also load the compiled loops (compiling them
        on a machine's first run: several seconds), so no inquiry waits for that either.
        """
        for account in accounts:
            key = account.upper() if account else None
            self._index(key).index.search_triggers("在吗", limit=1)
            self._model(key).read("在吗")

    def _remember(self, example: Example) -> None:
        if example.category not in self.library.categories:
            raise ExampleError(
                f"unknown category {example.category!r}: the library has"
                f" {', '.join(self.library.categories)}"
            )
        account = example.account.upper() if example.account else None
        example = Example(example.text, example.category, account)
        self._examples.append(example)
        if self._memo is not None:
            _memorise(self._memo, example)

    @property
    def _memory(self) -> dict[str, dict[str | None, str]]:
        if self._memo is None:
            memo: dict[str, dict[str | None, str]] = {}
            for example in self._examples:
                _memorise(memo, example)
            self._memo = memo
        return self._memo

    def _index(self, account: str | None) -> _Searched:
        key = account.upper() if account else None
        if key not in self._indexes:
            scripts = self.library.for_account(key)
            # Accounts served by the very same scripts (a library of "all" scripts) share one.
            same = next((s for s in self._indexes.values() if s.scripts == scripts), None)
            if same is None:
                index = build_index(
                    ((s.id, t) for s in scripts for t in s.triggers),
                    groups=[s.category for s in scripts for _ in s.triggers],
                )
                same = _Searched.of(index, scripts)
            self._indexes[key] = same
        return self._indexes[key]

    def _model(self, key: str | None) -> CategoryModel:
        key = key if self.options.per_account else None
        model = self._models.get(key)
        if model is None:
            model = self._models[key] = self._train(key)
        return model

    def _train(self, key: str | None) -> CategoryModel:
        scripts = self.library.for_account(key)
        served = {s.category for s in scripts}
        texts = [t for s in scripts for t in s.triggers]
        labels = [s.category for s in scripts for _ in s.triggers]
        weights = [1.0] * len(texts)
        own, foreign = self.options.example_weight, self.options.foreign_weight
        for example in self._examples:
            if example.category not in served:
                continue
            weight = own if key is None or example.account in (None, key) else foreign * own
            if weight:
                texts.append(example.text)
                labels.append(example.category)
                weights.append(weight)

        def train() -> CategoryModel:
            return CategoryModel.train(texts, labels, sample_weight=weights, options=self.options)

        if self.cache is None:
            return train()
        return self.cache.model(texts, labels, weights, self.options, train)

    def classify(
        self, text: str, *, account: str | None = None, channel: Channel | None = None
    ) -> Classification:
        """Rank categories for an inquiry; below the threshold it is not confident."""
        text = clean_input(text)
        key = account.upper() if account else None
        searched = self._index(key)
        visible = strip_stickers(text)
        normalized = for_matching(visible)
        model = self._model(key)
        if not normalized:
            return self._by_shape(visible, searched, channel)
        taught = normalized in self._memory
        probabilities, overlap = model.read(visible)
        if not overlap and not taught:
            return self._verdict(())  # nothing any trigger shares: gibberish, a lone sticker
        served = searched.by_category
        scores = {c: p for c, p in zip(model.categories, probabilities.tolist()) if c in served}
        total = sum(scores.values()) or 1.0
        scores = {c: p / total for c, p in scores.items()}
        hits = searched.index.search_triggers(visible, limit=30)
        if self.options.index_weight:
            scores = self._blend(searched, hits, scores)
        scores = _calibrated(self._adjust(text, normalized, key, scores), self.options.calibration)
        ranked = sorted(scores, key=lambda c: -scores[c])
        evidence = (self._evidence(searched, hits, channel), channel)
        matches = tuple(
            self._match(visible, searched, c, round(100.0 * scores[c], 2), evidence, n == 0)
            for n, c in enumerate(ranked)
        )
        # Placed by single characters only: the operator picks from the top three.
        return self._verdict(matches, sure=overlap > 1 or taught)

    def _blend(
        self, searched: _Searched, hits: list[Hit], scores: dict[str, float]
    ) -> dict[str, float]:
        best: dict[str, float] = {}
        owners = searched.owners
        for hit in hits:
            best.setdefault(owners[hit.trigger].category, hit.score)
        top = max(best.values(), default=0.0)
        votes = {c: math.exp((best.get(c, 0.0) - top) / 10.0) for c in scores}
        total = sum(votes.values())
        w = self.options.index_weight
        return {c: (1 - w) * p + w * votes[c] / total for c, p in scores.items()}

    def _adjust(
        self, text: str, normalized: str, key: str | None, scores: dict[str, float]
    ) -> dict[str, float]:
        """Learned exact texts and the contact rule, on top of the model's probabilities."""
        taught = self._memory.get(normalized, {})
        learned = taught.get(key) or taught.get(None)
        if learned in scores:
            # An operator's word beats the model: 0.6 + 0.4 p always ends on top.
            scores = {c: 0.4 * p + (0.6 if c == learned else 0.0) for c, p in scores.items()}
        best = max(scores, key=lambda c: scores[c])
        rule = self.options.contact_rule
        asks = rule and CONTACT_GIVEN in scores and best not in (INVALID, CONTACT_GIVEN)
        if asks and extraction.contact_in(text):
            # The customer left their own contact: 留资 unless the model calls it an ad.
            scores = {**scores, CONTACT_GIVEN: scores[CONTACT_GIVEN] + scores[best]}
            total = sum(scores.values())
            scores = {c: p / total for c, p in scores.items()}
        return scores

    def _by_shape(self, text: str, searched: _Searched, channel: Channel | None) -> Classification:
        """A text with no known words: a "?" or emoji trigger of the same shape, else nothing."""
        hits = searched.index.search_triggers(text, limit=80)
        ranked: list[str] = []
        for hit in hits:
            category = searched.owners[hit.trigger].category
            if category not in ranked:
                ranked.append(category)
        evidence = (self._evidence(searched, hits, channel), channel)
        matches = tuple(
            self._match(text, searched, c, hits[0].score, evidence, False) for c in ranked[:1]
        )
        return self._verdict(matches)

    def _verdict(self, matches: tuple[Match, ...], sure: bool = True) -> Classification:
        best = matches[0] if matches else None
        return Classification(
            best=best,
            alternatives=tuple((m.category, m.score) for m in matches[1:4]),
            confident=sure and best is not None and best.score >= self.threshold,
            matches=matches,
        )

    def _evidence(
        self, searched: _Searched, hits: list[Hit], channel: Channel | None
    ) -> dict[str, tuple[int, int | None]]:
        """Per category: its best trigger, and the best one whose script serves the channel."""
        found: dict[str, tuple[int, int | None]] = {}
        for hit in hits:
            script = searched.owners[hit.trigger]
            own, serving = found.get(script.category, (hit.trigger, None))
            if serving is None and script.serves(None, channel):
                serving = hit.trigger
            found[script.category] = (own, serving)
        return found

    def _match(
        self,
        text: str,
        searched: _Searched,
        category: str,
        score: float,
        evidence: tuple[dict[str, tuple[int, int | None]], Channel | None],
        explain: bool,
    ) -> Match:
        # The evidence is the category's best trigger; the script that answers is the best
        # one serving the channel, which may be its twin. Shared words are worked out for
        # the winner only: nothing shows them for the rest.
        index = searched.index
        found, channel = evidence
        if category in found:
            own, serving = found[category]
            return Match(
                script_id=index.keys[serving if serving is not None else own],
                category=category,
                score=score,
                trigger=index.triggers[own],
                shared=index.shared_words(text, own) if explain else (),
            )
        # No trigger of the category came near: its first script (serving the channel).
        of_category = searched.by_category[category]
        script = next((s for s in of_category if s.serves(None, channel)), of_category[0])
        return Match(script.id, category, score, script.triggers[0])

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
            return self._holding(text, classification, account, channel, fields, rng)
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
        recent = recent[: self.memory]
        rendered = rotate(script.replies, variables, rng, recent=recent, count=self.suggestions)
        if len(policy.fit(rendered, thread.known)) < self.suggestions:
            # Some re-ask what the customer said: render every variant, pick those that fit.
            count = 2 * max(len(script.replies), self.suggestions)
            rendered = rotate(script.replies, variables, rng, recent=recent, count=count)
        replies = tuple(
            self._checked(reply_text, index, channel)
            for index, reply_text in finish(rendered, rules, rng, self.suggestions)
        )
        return Suggestion(
            text, _code(account), channel, classification, fields, replies, hook, script.id
        )

    def _holding(
        self,
        text: str,
        classification: Classification,
        account: Account | None,
        channel: Channel,
        fields: LeadFields,
        rng: random.Random,
    ) -> Suggestion:
        # Nothing in the library resembles the message: no script to answer from, so
        # a polite holding reply asks what the customer would like to know.
        if classification.category is not None:
            return Suggestion(text, _code(account), channel, classification, fields)
        rendered = rotate(tails()["holding"], {}, rng, count=self.suggestions)
        replies = tuple(self._checked(reply, index, channel) for index, reply in rendered)
        return Suggestion(text, _code(account), channel, classification, fields, replies)

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


@dataclass(frozen=True, slots=True)
class _Searched:
    """One account's index and its scripts, laid out as classification looks them up."""

    index: Index
    scripts: tuple[Script, ...]  # what the index was built from, in order
    owners: tuple[Script, ...]  # per trigger of the index, its script
    by_category: dict[str, tuple[Script, ...]]  # the categories served, scripts in library order

    @classmethod
    def of(cls, index: Index, scripts: tuple[Script, ...]) -> _Searched:
        """Lay out ``scripts``, whose triggers in order ``index`` was built from."""
        by_category: dict[str, list[Script]] = {}
        for script in scripts:
            by_category.setdefault(script.category, []).append(script)
        return cls(
            index,
            scripts,
            tuple(s for s in scripts for _ in s.triggers),
            {c: tuple(found) for c, found in by_category.items()},
        )


def _shape(library: Library) -> list[tuple[object, ...]]:
    """What the category models are trained from: scripts' matching fields."""
    return [(s.id, s.category, s.accounts, s.channel, s.triggers) for s in library.scripts]


def _code(account: Account | None) -> str | None:
    return account.code if account else None


def _calibrated(scores: dict[str, float], exponent: float) -> dict[str, float]:
    """Scores raised to ``exponent`` and renormalised: same order, sharper or flatter.

    The blend of model and index is underconfident (under cross-validation its mean best
    score is about 16 points below its accuracy); the least calibration error is at 2.
    """
    if exponent == 1.0:
        return scores
    powered = {c: p**exponent for c, p in scores.items()}
    total = sum(powered.values()) or 1.0
    return {c: p / total for c, p in powered.items()}


def _memorise(memo: dict[str, dict[str | None, str]], example: Example) -> None:
    """Record a learned example (account already upper-cased) under its normalised text."""
    key = model_text(example.text)
    if key:
        memo.setdefault(key, {})[example.account] = example.category
