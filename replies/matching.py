"""Fast lexical matching of an inquiry against a set of triggers.

Public API (used by benchmarks and tools with any trigger set):

    index = build_index([("price-per-head", "人均多少钱"), ...])
    index.search("50人人均大概多少", limit=5)  # -> [(key, score 0-100), ...]

How a trigger is scored: both sides go through ``normalize.for_matching``; the score
is a blend of a TF-IDF cosine over character unigrams and boundary-padded bigrams and
fuzz.ratio (2 x the longest common subsequence / total length), so word order and
length count too. ``search`` returns the exact top-k of that score: the compiled loop in
``replies.kernel`` sums the cosine from postings, bounds the ratio by the characters a
trigger shares, and computes the subsequence only for triggers whose bound can still
reach the bar, the k-th best score found so far. A long, multi-sentence inquiry is
scored as a whole and clause by clause, and every trigger keeps its best part, so the
one sentence that carries the intent is not drowned by the rest, and a trigger that is
the whole message still wins as one; one bar serves all parts of a message, so a clause
that cannot beat what the others found costs little. The query's
n-grams are counted and looked up in compiled code too (``replies.gramtable``).
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from itertools import repeat
from typing import NamedTuple

import numpy as np
from rapidfuzz.distance import Indel

from replies import kernel
from replies.gramtable import GramTable, codes
from replies.normalize import (
    EMAIL_TOKEN,
    PHONE_TOKEN,
    PLACEHOLDERS,
    WECHAT_TOKEN,
    fold,
    for_matching,
    matching_form,
    strip_symbols,
    symbol_shape,
)

# Punctuation ends a clause; so does a space between two Chinese characters (people
# type "年会能请乐队吗 总预算5万"), but not one beside Latin letters or digits ("微信 abc_1").
_CLAUSE_SPLIT = re.compile(r"[,，.。!！?？;；~～、…\n]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_MIN_CLAUSE = 2
_CONTACT_TOKENS = frozenset({PHONE_TOKEN, WECHAT_TOKEN, EMAIL_TOKEN})
# Questions and requests carry a message's intent; statements carry its context.
_INTENT = re.compile(
    r"[?？]|[吗呢么嘛呗吧]\W*$|多少|怎么|什么|哪|几|能不能|可不可以|有没有|是不是|咋|如何|啥|"
    r"行不行|麻烦|请|帮我|帮忙|发我|给我|加我|联系我|打我|告诉我|推荐"
)
_PLACEHOLDER_SPLIT = re.compile(f"[{''.join(sorted(PLACEHOLDERS))}]")
COSINE_WEIGHT = kernel.COSINE_WEIGHT  # the rest is fuzz.ratio
UNIGRAM_WEIGHT = 2.0  # a character's weight beside a pair's (see kernel.COSINE_WEIGHT)
STATEMENT_FACTOR = 0.85  # a multi-clause message's statements count less than its questions
KEY_WEIGHT = 2.0  # extra weight of n-grams that point to one group (see focus)
FOCUS_PRIOR = 2.0  # trigger count at which an n-gram's spread is trusted halfway
CLAUSE_FOCUS = 0.7  # how much a clause's vote depends on how category-specific its words are
# A phone number, WeChat id or e-mail is strong evidence that a contact was left,
# however long the rest of the message is.
CONTACT_WEIGHT = 2.0
# A multi-clause message is scored as a whole too unless it is longer than this many
# times the longest trigger: long messages are where the search's time goes, and no
# trigger is all of one. 1 gave the recall of 2 in `python -m benchmarks retrieval` at
# half the extra time per inquiry (README).
WHOLE_LENGTH = 1.0
SHAPE_SCORE = 90.0  # a "?" or emoji-only inquiry meeting a trigger of the same shape


def features(text: str) -> Counter[str]:
    """Character unigrams and boundary-padded bigrams of a normalised text."""
    grams: Counter[str] = Counter(text)
    padded = f"\x02{text}\x03"
    grams.update(padded[i : i + 2] for i in range(len(padded) - 1))
    return grams


def _scale(gram: str) -> float:
    scale = UNIGRAM_WEIGHT if len(gram) == 1 else 1.0
    if not _CONTACT_TOKENS.isdisjoint(gram):
        scale *= CONTACT_WEIGHT
    return scale


def _tf(count: int) -> float:
    return 1.0 if count == 1 else 1.0 + math.log(count)


class Hit(NamedTuple):
    """One trigger's score for one inquiry (a named tuple: thirty are made per search)."""

    trigger: int  # position in the index
    score: float  # 0-100


def _ranked(
    ids: np.ndarray, scores: np.ndarray, limit: int, allowed: np.ndarray | None, size: int
) -> list[Hit]:
    """Hits of the kernel's best triggers (best first, ties by index order); when fewer
    than ``limit`` are positive, the other triggers (sharing nothing: score 0) in index
    order."""
    if ids.size < limit:
        zero = np.ones(size, dtype=bool) if allowed is None else allowed.astype(bool)
        zero[ids] = False
        extra = np.flatnonzero(zero)[: limit - ids.size]
        ids, scores = np.concatenate([ids, extra]), np.concatenate([scores, 0.0 * extra])
    # tuple.__new__ makes the named tuples without a Python call each (a third of the time).
    return list(map(tuple.__new__, repeat(Hit), zip(ids.tolist(), scores.tolist())))


class Index:
    """An immutable trigger index; build it once with ``build_index``."""

    def __init__(
        self, keys: list[str], triggers: list[str], groups: list[str] | None = None
    ) -> None:
        self.keys = keys
        self.triggers = triggers
        self.normalized = [for_matching(t) for t in triggers]
        self._shapes = [symbol_shape(t) if not n else "" for t, n in zip(triggers, self.normalized)]
        self._group_ids = {g: i for i, g in enumerate(dict.fromkeys(groups or ()))}
        self._groups = (
            None if groups is None else np.asarray([self._group_ids[g] for g in groups], np.int32)
        )
        self._build_postings(groups)

    def __len__(self) -> int:
        return len(self.triggers)

    def _build_postings(self, groups: list[str] | None) -> None:
        """Flat postings: per n-gram its triggers, their normalised weights and, for a
        character, its count in each; and the triggers' texts as code points."""
        docs = [features(text) for text in self.normalized]
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        total = len(docs)
        boost = focus(docs, groups) if groups else {}
        self._focus = boost
        # Per n-gram weight without its count: kind (character, pair, contact) x IDF x focus.
        self._gram_weight = {
            g: _scale(g)
            * (math.log((total + 1) / (n + 1)) + 1.0)
            * (1.0 + KEY_WEIGHT * boost.get(g, 0.0))
            for g, n in df.items()
        }
        self._unseen_idf = math.log(total + 1) + 1.0
        # Every trigger's n-grams in one flat run (trigger by trigger), numbered on first
        # sight; then their weights, each trigger's norm and the postings by whole arrays.
        flat: list[str] = []
        tallies: list[int] = []
        sizes: list[int] = []
        for doc in docs:
            flat += doc
            tallies += doc.values()
            sizes.append(len(doc))
        self._grams: dict[str, int] = dict(zip(dict.fromkeys(flat), itertools.count()))
        gram_of = np.fromiter(map(self._grams.__getitem__, flat), np.int64, len(flat))
        doc_of = np.repeat(np.arange(total, dtype=np.int64), sizes)
        count = np.asarray(tallies, dtype=np.int64)
        # Per n-gram number: its weight without its count, and its focus; a hash table of
        # the n-grams for the compiled query side.
        self._table = GramTable.of(self._grams, self._grams.values())
        self._weights = np.fromiter(map(self._gram_weight.__getitem__, self._grams), np.float64)
        self._focus_of = np.fromiter((boost.get(g, 0.0) for g in self._grams), np.float64)
        tf = np.asarray([0.0, *map(_tf, range(1, int(count.max(initial=1)) + 1))])  # by math.log
        weights = tf[count] * self._weights[gram_of]
        norm = np.sqrt(np.bincount(doc_of, weights=weights * weights, minlength=total))
        values = weights / np.where(norm > 0, norm, 1.0)[doc_of]
        # Postings by n-gram, triggers in order within each (a stable sort keeps them so).
        order = np.argsort(gram_of, kind="stable")
        gram_ids = doc_of[order]
        gram_values = values[order].astype(np.float32)
        ptr = np.zeros(len(self._grams) + 1, dtype=np.int64)
        np.cumsum(np.bincount(gram_of, minlength=len(self._grams)), out=ptr[1:])
        most = np.maximum.reduceat(gram_values, ptr[:-1]) if gram_values.size else np.zeros(0)
        # A character's count in each trigger, beside its weight (0 for a pair).
        single = np.fromiter(map(len, self._grams), np.int64, len(self._grams)) == 1
        counts = np.where(single[gram_of], count, 0)[order].astype(np.float64)
        self._gram_postings = (ptr, gram_ids, gram_values, most, counts)
        starts = np.zeros(total + 1, dtype=np.int64)
        np.cumsum([len(text) for text in self.normalized], out=starts[1:])
        codes = np.fromiter((ord(c) for text in self.normalized for c in text), np.int64)
        self._texts = (starts, codes)
        self._everyone = np.ones(total, dtype=np.uint8)
        self._longest = max(map(len, self.normalized), default=0)
        self._local = threading.local()  # per thread, the compiled search's work space

    def _work(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """This thread's work space for ``kernel.best_scores`` (which leaves it as it was)."""
        work = getattr(self._local, "work", None)
        if work is None:
            size = len(self.triggers)
            floats = np.zeros((4, size))
            floats[0] = -1.0  # no best score yet
            ints = np.zeros((3, size), dtype=np.int64)
            seen = np.zeros(size, dtype=np.uint8)
            work = self._local.work = (floats, ints, seen, np.zeros(self._longest + 1, np.int64))
        return work

    def _allowed(self, groups: Collection[str] | None) -> np.ndarray | None:
        """Which triggers belong to one of ``groups`` (None: no filter)."""
        if groups is None:
            return None
        if isinstance(groups, str):
            raise TypeError("groups is a collection of group names, not one name")
        if self._groups is None:
            raise ValueError("this index was built without groups")
        table = np.zeros(len(self._group_ids) + 1, dtype=bool)
        table[[self._group_ids[g] for g in groups if g in self._group_ids]] = True
        return table[self._groups]

    def search_triggers(
        self,
        text: str,
        limit: int = 20,
        *,
        exhaustive: bool = False,
        groups: Collection[str] | None = None,
    ) -> list[Hit]:
        """The exact best-scoring triggers for a text, best first, ties by index order.

        ``groups`` keeps only the triggers of those groups (as passed to ``build_index``).
        ``exhaustive`` scores every trigger that shares a character with the text (the
        reference the pruned search is tested against); the default skips only triggers
        whose score bound is below the limit-th best score.
        """
        allowed = self._allowed(groups)
        query = for_matching(text)
        if limit < 1:
            return []
        if not query:
            return self._search_shape(text, limit, allowed)
        parts = clauses(text, query, whole_too=len(query) <= WHOLE_LENGTH * self._longest)
        ptr = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum([len(part) for part, _ in parts], out=ptr[1:])
        # A clause's weight follows how category-specific its words are (none without groups).
        knobs = np.asarray([UNIGRAM_WEIGHT, CONTACT_WEIGHT, CLAUSE_FOCUS if self._focus else 0.0])
        ids, scores = kernel.search_parts(
            len(self.triggers), limit, not exhaustive,
            self._everyone if allowed is None else allowed.view(np.uint8), self._work(),
            self._table.slots, self._table.values, self._weights, self._focus_of,
            self._unseen_idf, knobs, self._gram_postings, self._texts,
            codes("".join(part for part, _ in parts)), ptr,
            np.asarray([factor for _, factor in parts]),
        )  # fmt: skip
        return _ranked(ids, scores, limit, allowed, len(self.triggers))

    def _search_shape(self, text: str, limit: int, allowed: np.ndarray | None) -> list[Hit]:
        shape = symbol_shape(text)
        if not shape:
            return []
        found = [
            i for i, s in enumerate(self._shapes) if s == shape and (allowed is None or allowed[i])
        ]
        return [Hit(i, SHAPE_SCORE) for i in found[:limit]]

    def search(
        self, text: str, limit: int = 5, *, exhaustive: bool = False
    ) -> list[tuple[str, float]]:
        """The exact best keys for a text: (key, score 0-100), best first, one row per key."""
        depth = max(limit * 8, 40)
        while True:
            hits = self.search_triggers(text, limit=depth, exhaustive=exhaustive)
            seen: dict[str, float] = {}
            for hit in hits:
                seen.setdefault(self.keys[hit.trigger], hit.score)
            # A key's score is its best trigger's: the first `limit` keys among the best
            # `depth` triggers are exact once there are that many (or no more triggers).
            if len(seen) >= limit or len(hits) < depth:
                return list(seen.items())[:limit]
            depth *= 4

    def shared_words(self, text: str, trigger: int) -> tuple[str, ...]:
        """Runs of two or more characters the inquiry and a trigger have in common.

        Only what the customer typed (up to width and case) is shown: a run that
        normalisation made ("vx" -> "微信", "啥" -> "什么") is cut to its typed pieces.
        """
        query, target = for_matching(text), self.normalized[trigger]
        typed = strip_symbols(unicodedata.normalize("NFKC", text).lower())
        runs: list[str] = []
        for op in Indel.opcodes(query, target):
            if op.tag == "equal":
                run = query[op.src_start : op.src_end]
                for part in _PLACEHOLDER_SPLIT.split(run):
                    runs.extend(p for p in _typed_pieces(part, typed) if p not in runs)
        return tuple(runs)


def _typed_pieces(run: str, typed: str) -> list[str]:
    """The longest pieces (2+ characters) of a run that occur in the typed text."""
    pieces: list[str] = []
    piece = ""
    for char in run:
        if piece + char in typed:
            piece += char
            continue
        if len(piece) >= 2:
            pieces.append(piece)
        piece = char if char in typed else ""
    if len(piece) >= 2:
        pieces.append(piece)
    return pieces


def clauses(text: str, whole: str, *, whole_too: bool = True) -> list[tuple[str, float]]:
    """The parts a message is scored by, with weights: its normalised whole, and when it
    has several clauses each clause too (the whole among them unless ``whole_too`` is
    False), so a trigger that is the whole message (or most of it) wins as a whole and
    one that is a single clause wins by that clause.

    In a multi-clause message the question or request carries the intent ("我们80人想去
    古北水镇，大概多少钱" asks for a price), so such clauses count fully, statements a
    little less; the whole counts fully.
    """
    parts: dict[str, float] = {}
    for part in _CLAUSE_SPLIT.split(fold(text)):
        core = matching_form(part, keep_bare=False)  # the message was folded once, above
        if len(core) >= _MIN_CLAUSE and core != whole:
            factor = 1.0 if _INTENT.search(part) else STATEMENT_FACTOR
            parts[core] = max(factor, parts.get(core, 0.0))
    if len(parts) < 2:
        return [(whole, 1.0)]
    return [*parts.items(), (whole, 1.0)] if whole_too else list(parts.items())


def focus(docs: list[Counter[str]], groups: list[str]) -> dict[str, float]:
    """How much each n-gram points to one group, 0 (spread evenly) to 1 (one group only).

    One minus the normalised entropy of the n-gram's spread over groups (each group's
    share divided by its size, so big groups do not win by size), shrunk towards 0 for
    n-grams seen in few triggers, where the spread says little.
    """
    sizes = Counter(groups)
    if len(sizes) < 2:
        return {}
    per_group: defaultdict[str, Counter[str]] = defaultdict(Counter)  # one Counter per n-gram
    for grams, group in zip(docs, groups):
        for gram in grams:
            per_group[gram][group] += 1
    max_entropy = math.log(len(sizes))
    out = {}
    for gram, counts in per_group.items():
        rates = [n / sizes[g] for g, n in counts.items()]
        whole = sum(rates)
        entropy = -sum(r / whole * math.log(r / whole) for r in rates)
        seen = sum(counts.values())
        # A contact says that a contact is there, not what the message is (customers
        # and advertisers both leave one): its n-grams get no category focus.
        if _CONTACT_TOKENS.isdisjoint(gram):
            out[gram] = (1.0 - entropy / max_entropy) * seen / (seen + FOCUS_PRIOR)
    return out


def build_index(items: Iterable[tuple[str, str]], groups: Iterable[str] | None = None) -> Index:
    """Build a search index from (key, trigger text) pairs; keys may repeat.

    ``groups`` (optional, one label per trigger, e.g. the category of its script)
    lets n-grams that point to one group weigh more than n-grams every group uses.
    """
    keys: list[str] = []
    triggers: list[str] = []
    for key, trigger in items:
        keys.append(key)
        triggers.append(trigger)
    labels = list(groups) if groups is not None else None
    if labels is not None and len(labels) != len(keys):
        raise ValueError(f"groups has {len(labels)} labels for {len(keys)} triggers")
    return Index(keys, triggers, labels)
