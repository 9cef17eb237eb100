"""Fast lexical matching of an inquiry against a set of triggers.

Public API (used by benchmarks and tools with any trigger set):

    index = build_index([("price-per-head", "人均多少钱"), ...])
    index.search("50人人均大概多少", limit=5)  # -> [(key, score 0-100), ...]

How a trigger is scored: both sides go through ``normalize.for_matching``; a
TF-IDF cosine over character unigrams and boundary-padded bigrams (a sparse
inverted index summed with numpy) is computed for every trigger; the score is a
blend of that cosine and rapidfuzz's ``fuzz.ratio`` so word order and length count
too. ``search`` returns the exact top-k of that score: rapidfuzz runs only on the
triggers whose upper bound (the cosine, and 2 x shared characters / total length
for the ratio) can still reach the bar, the k-th best score found so far. A long,
multi-sentence inquiry is also scored clause by clause, and every trigger keeps its
best clause, so the one sentence that carries the intent is not drowned by the rest;
one bar serves all clauses of a message, so a clause that cannot beat what the
others found costs little.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from replies.normalize import (
    EMAIL_TOKEN,
    PHONE_TOKEN,
    PLACEHOLDERS,
    WECHAT_TOKEN,
    fold,
    for_matching,
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
COSINE_WEIGHT = 0.6  # the rest is fuzz.ratio
UNIGRAM_WEIGHT = 0.5  # characters say less than character pairs
WHOLE_FACTOR = 0.92  # a multi-clause message as a whole ...
STATEMENT_FACTOR = 0.85  # ... and its statements count less than its questions
KEY_WEIGHT = 2.0  # extra weight of n-grams that point to one group (see focus)
FOCUS_PRIOR = 2.0  # trigger count at which an n-gram's spread is trusted halfway
CLAUSE_FOCUS = 0.7  # how much a clause's vote depends on how category-specific its words are
# A phone number, WeChat id or e-mail is strong evidence that a contact was left,
# however long the rest of the message is.
CONTACT_WEIGHT = 2.0
SHAPE_SCORE = 90.0  # a "?" or emoji-only inquiry meeting a trigger of the same shape
# A character found in more than this share of triggers ("吗", "的") decides little
# but would dominate the work: it gets no postings but rows of small dense matrices
# (its weights, its counts); its exact share of the cosine is added for candidates only.
COMMON_CHAR_SHARE = 0.03
# Exact top-k: triggers are scored by rapidfuzz in order of an upper bound of their
# score, first this many times the pool, more until the bound of the rest is below the
# bar.
FIRST_ROUND = 2
# As many triggers, times the pool, are scored by rapidfuzz rather than bounded first.
FAST_ROUND = 8


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


@dataclass(frozen=True, slots=True)
class Hit:
    """One trigger's score for one inquiry."""

    trigger: int  # position in the index
    score: float  # 0-100


@dataclass(slots=True)
class _Clause:
    """One clause of a message and the cosine's rare part against every trigger.

    A trigger's score is at most ``unit * (bound + base)`` where bound = the cosine's
    rare part + ratio bound x (1 - COSINE_WEIGHT) / COSINE_WEIGHT: the cosine's common
    part taken at its most (``base``, small: common characters weigh little).
    """

    query: str
    scale: float  # 100 x the clause's factor
    counts: Counter[str]  # its characters
    common: list[tuple[int, float]]  # (common-character row, query weight)
    rare: np.ndarray  # per trigger: the cosine's part from n-grams with postings
    base: float

    @property
    def unit(self) -> float:
        """What a unit of bound is worth in score."""
        return self.scale * COSINE_WEIGHT

    def reach(self, bar: float) -> float:
        """The least bound that can still reach or tie the bar (with room for rounding)."""
        return (bar - 0.01) / self.unit - self.base


class _Best:
    """The exact scores found so far, and the bar: no trigger below it can make the top.

    The bar is the pool-th best score of one clause (every trigger scored once per
    clause), a lower bound of the pool-th best of the triggers' best scores; it only
    rises, so what it pruned stays pruned.
    """

    def __init__(self, pool: int) -> None:
        self.ids: list[np.ndarray] = []
        self.scores: list[np.ndarray] = []
        self.clause: list[np.ndarray] = []  # the current clause's scores
        self.pool = pool
        self.bar = -math.inf

    def add(self, ids: np.ndarray, scores: np.ndarray) -> None:
        """Record the exact scores of triggers not yet scored for the current clause."""
        rounded = np.round(scores, 2)
        self.ids.append(ids)
        self.scores.append(rounded)
        self.clause.append(rounded)
        current = np.concatenate(self.clause) if len(self.clause) > 1 else rounded
        if current.size >= self.pool:
            bar = np.partition(current, current.size - self.pool)[current.size - self.pool]
            self.bar = max(self.bar, float(bar))

    def top(self, limit: int, allowed: np.ndarray | None, size: int) -> list[Hit]:
        """The best ``limit`` triggers, ties by index order; the unscored score 0."""
        ids = np.concatenate(self.ids) if self.ids else np.zeros(0, dtype=np.intp)
        scores = np.concatenate(self.scores) if self.scores else np.zeros(0)
        # Best first, ties by trigger order; then keep each trigger's first (best) row.
        order = np.lexsort((ids, -scores))
        ids, scores = ids[order], scores[order]
        _, first = np.unique(ids, return_index=True)
        first.sort()
        ids, scores = ids[first[:limit]], scores[first[:limit]]
        ids, scores = ids[scores > 0.0], scores[scores > 0.0]
        if ids.size < limit:
            # Fewer positive scores than asked, so nothing was pruned: every other
            # trigger shares nothing with the text and scores 0.
            zero = np.ones(size, dtype=bool) if allowed is None else allowed.copy()
            zero[ids] = False
            extra = np.flatnonzero(zero)[: limit - ids.size]
            ids, scores = np.concatenate([ids, extra]), np.concatenate([scores, 0.0 * extra])
        return [Hit(int(i), float(v)) for i, v in zip(ids.tolist(), scores.tolist())]


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
        self._build_bounds()

    def __len__(self) -> int:
        return len(self.triggers)

    def _build_postings(self, groups: list[str] | None) -> None:
        docs = [features(text) for text in self.normalized]
        df: Counter[str] = Counter()
        for grams in docs:
            df.update(grams.keys())
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
        common = sorted(g for g, n in df.items() if len(g) == 1 and n > COMMON_CHAR_SHARE * total)
        self._common = {g: i for i, g in enumerate(common)}
        # Rows are common characters (contiguous over triggers), so picking a few is cheap.
        self._common_by_gram = np.zeros((len(common), total), dtype=np.float32)
        columns: dict[str, tuple[list[int], list[float]]] = {}
        for doc_id, grams in enumerate(docs):
            weights = {g: _tf(c) * self._gram_weight[g] for g, c in grams.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for gram, w in weights.items():
                if gram in self._common:
                    self._common_by_gram[self._common[gram], doc_id] = w / norm
                    continue
                ids, values = columns.setdefault(gram, ([], []))
                ids.append(doc_id)
                values.append(w / norm)
        self._columns = {
            g: (np.asarray(ids, dtype=np.int32), np.asarray(values, dtype=np.float32))
            for g, (ids, values) in columns.items()
        }

    def _build_bounds(self) -> None:
        """Character counts and lengths, for the bound of fuzz.ratio (see _ratio_bound)."""
        total = len(self.normalized)
        self._lengths = np.asarray([len(t) for t in self.normalized], dtype=np.float64)
        # Common characters: a dense count matrix (saturating at 255, see _ratio_bound); the
        # others: postings of (trigger, count).
        self._common_counts = np.zeros((len(self._common), total), dtype=np.uint8)
        chars: dict[str, tuple[list[int], list[int]]] = {}
        for doc_id, text in enumerate(self.normalized):
            for char, count in Counter(text).items():
                row = self._common.get(char)
                if row is not None:
                    self._common_counts[row, doc_id] = min(count, 255)
                    continue
                ids, counts = chars.setdefault(char, ([], []))
                ids.append(doc_id)
                counts.append(count)
        self._chars = {
            c: (np.asarray(ids, dtype=np.int32), np.asarray(counts, dtype=np.float64))
            for c, (ids, counts) in chars.items()
        }
        self._common_max = [float(row.max()) for row in self._common_by_gram]
        # [count >= k] for k = 1, 2: the query's count of a character is rarely more.
        levels = [(self._common_counts > k).view(np.uint8) for k in range(2)]
        self._common_levels: list[np.ndarray] = levels

    def _query_weights(self, query: str) -> dict[str, float]:
        known, unseen = self._gram_weight, self._unseen_idf
        weights = {
            g: _tf(c) * (known.get(g) or _scale(g) * unseen) for g, c in features(query).items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {g: w / norm for g, w in weights.items()}

    def _informative(self, clause: str) -> float:
        """1 for a clause of category-specific words, down to 1 - CLAUSE_FOCUS for generic."""
        grams = features(clause)
        focus = sum(self._focus.get(g, 0.0) for g in grams) / max(len(grams), 1)
        return 1.0 - CLAUSE_FOCUS + CLAUSE_FOCUS * focus

    def _rare_dot(self, weights: dict[str, float]) -> np.ndarray:
        hits = [(self._columns[g], w) for g, w in weights.items() if g in self._columns]
        if not hits:
            return np.zeros(len(self.triggers), dtype=np.float64)
        ids = np.concatenate([col[0] for col, _ in hits])
        lengths = [len(col[0]) for col, _ in hits]
        values = np.concatenate([col[1] for col, _ in hits]) * np.repeat(
            np.asarray([w for _, w in hits], dtype=np.float32), lengths
        )
        return np.bincount(ids, weights=values, minlength=len(self.triggers))

    def _common_dot(self, common: list[tuple[int, float]], ids: np.ndarray | None) -> np.ndarray:
        """The cosine's common-character part, for the triggers ``ids`` (None: all)."""
        if not common:
            return np.zeros(len(self.triggers) if ids is None else len(ids))
        rows = np.asarray([row for row, _ in common])
        block = (
            self._common_by_gram[rows] if ids is None else self._common_by_gram[rows[:, None], ids]
        )
        block *= np.asarray([w for _, w in common], dtype=np.float32)[:, None]
        # Summed row by row in float32 (cumsum is sequential): bit for bit what a full-width
        # sum(axis=0) gives, which a subset's sum(axis=0) would not (numpy sums it pairwise).
        return np.cumsum(block, axis=0)[-1]

    def _clause(self, query: str, factor: float) -> _Clause:
        """One clause's weights and cosine's rare part against every trigger."""
        weights = self._query_weights(query)
        common = [(self._common[g], w) for g, w in weights.items() if g in self._common]
        base = sum(w * self._common_max[row] for row, w in common)
        rare = self._rare_dot(weights)
        return _Clause(query, 100.0 * factor, Counter(query), common, rare, base)

    def _bounds(self, clause: _Clause, ids: np.ndarray | None) -> np.ndarray:
        """The score bound (see _Clause) of triggers ``ids`` (None: all).

        fuzz.ratio = 2 LCS / (len q + len t), and the longest common subsequence has
        at most as many characters as the two texts share, counted with multiplicity.
        """
        found = [(self._chars[c], n) for c, n in clause.counts.items() if c in self._chars]
        shared: np.ndarray = np.zeros(len(self.triggers))
        if found:
            chars = np.concatenate([col[0] for col, _ in found])
            held = np.concatenate([col[1] for col, _ in found])
            most = np.repeat([float(n) for _, n in found], [len(col[0]) for col, _ in found])
            shared = np.bincount(chars, weights=np.minimum(held, most), minlength=len(shared))
        wide = sum(clause.counts.values()) > 255
        size = len(self.triggers) if ids is None else len(ids)
        common = np.zeros(size, dtype=np.uint16 if wide else np.uint8)
        self._add_common_chars(common, clause.counts, ids)
        if ids is not None:
            shared = shared[ids]
        shared += common
        shared /= (self._lengths if ids is None else self._lengths[ids]) + len(clause.query)
        shared *= (1.0 - COSINE_WEIGHT) * 2.0 / COSINE_WEIGHT
        shared += clause.rare if ids is None else clause.rare[ids]
        return shared

    def _add_common_chars(
        self, total: np.ndarray, counts: Counter[str], ids: np.ndarray | None
    ) -> None:
        """Add, per trigger, how many common characters it shares with the query's counts."""
        levels = self._common_levels
        for char, n in counts.items():
            row = self._common.get(char)
            if row is None:
                continue
            # The sum over k < n of [count > k] is min(count, n).
            for level in range(min(n, len(levels))):
                total += levels[level][row] if ids is None else levels[level][row][ids]
            held: np.ndarray = self._common_counts[row]
            if ids is not None:
                held = held[ids]
            for level in range(len(levels), n):
                total += held > min(level, 254)  # 255: saturated

    def _exact(self, query: str, ids: np.ndarray, cos: np.ndarray, scale: float) -> np.ndarray:
        texts = [self.normalized[i] for i in ids.tolist()]
        ratio = process.cdist([query], texts, scorer=fuzz.ratio, dtype=np.float32)[0] / 100.0
        return scale * (COSINE_WEIGHT * cos + (1.0 - COSINE_WEIGHT) * ratio)

    def _search_clause(self, clause: _Clause, best: _Best, allowed: np.ndarray | None) -> None:
        """Score exactly, in rounds, every trigger whose bound can reach the bar.

        When the bar needs more cosine than the ratio alone can give, only triggers
        with that much of it are bounded; else every one is. Each round takes the best
        bounds left, so the bar rises early. A zero bound shares nothing with the
        clause: its score is 0 (see _Best.top).
        """
        if clause.unit <= 0.0:
            return  # every score is 0
        least = clause.reach(best.bar)
        if least > (1.0 - COSINE_WEIGHT) / COSINE_WEIGHT:  # the most the ratio adds
            ids = np.flatnonzero(clause.rare >= least - (1.0 - COSINE_WEIGHT) / COSINE_WEIGHT)
            if allowed is not None:
                ids = ids[allowed[ids]]
            if ids.size <= FAST_ROUND * best.pool:
                self._score(clause, ids, best)  # cheaper than bounding them first
                return
            loose = self._bounds(clause, ids)
        else:
            bound = self._bounds(clause, None)
            reach = bound > max(least, 0.0)
            ids = np.flatnonzero(reach if allowed is None else reach & allowed)
            loose = bound[ids]
        size = FIRST_ROUND * best.pool
        while ids.size:
            if ids.size <= size:
                self._score(clause, ids, best)
                return
            top = np.argpartition(-loose, size)[:size]
            self._score(clause, ids[top], best)
            rest = np.ones(ids.size, dtype=bool)
            rest[top] = False
            rest &= loose >= clause.reach(best.bar)
            ids, loose = ids[rest], loose[rest]
            size *= 4

    def _score(self, clause: _Clause, ids: np.ndarray, best: _Best) -> None:
        """Score triggers exactly (rapidfuzz costs less than a tighter bound would save)."""
        if not ids.size:
            return
        cos = np.minimum(clause.rare[ids] + self._common_dot(clause.common, ids), 1.0)
        best.add(ids, self._exact(clause.query, ids, cos, clause.scale))

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
        ``exhaustive`` scores every trigger with rapidfuzz (the reference the pruned
        search is tested against); the default skips only triggers whose score bound
        is below the limit-th best score.
        """
        allowed = self._allowed(groups)
        query = for_matching(text)
        if limit < 1:
            return []
        if not query:
            return self._search_shape(text, limit, allowed)
        parts = clauses(text, query)
        if len(parts) > 1 and self._focus:
            parts = [parts[0], *((c, f * self._informative(c)) for c, f in parts[1:])]
        if exhaustive:
            return self._exhaustive(parts, limit, allowed)
        best = _Best(limit)
        # Clauses that count most first: their scores raise the bar for the others.
        for part, factor in sorted(parts, key=lambda p: -p[1]):
            best.clause = []
            self._search_clause(self._clause(part, factor), best, allowed)
        return best.top(limit, allowed, len(self.triggers))

    def _exhaustive(
        self, parts: list[tuple[str, float]], limit: int, allowed: np.ndarray | None
    ) -> list[Hit]:
        """Every trigger scored on every clause: the reference of the pruned search."""
        every = np.arange(len(self.triggers))
        rows = []
        for part, factor in parts:
            weights = self._query_weights(part)
            cos = np.minimum(self._rare_dot(weights) + self._common_dot_all(weights), 1.0)
            rows.append(self._exact(part, every, cos, 100.0 * factor))
        ids = np.tile(every, len(rows))
        scores = np.round(np.concatenate(rows), 2) if rows else np.zeros(0)
        # Best first, ties by trigger order; then keep each trigger's first (best) row.
        order = np.lexsort((ids, -scores))
        ids, scores = ids[order], scores[order]
        _, first = np.unique(ids, return_index=True)
        first.sort()
        ids, scores = ids[first], scores[first]
        if allowed is not None:
            ids, scores = ids[allowed[ids]], scores[allowed[ids]]
        return [Hit(int(i), float(v)) for i, v in zip(ids[:limit], scores[:limit])]

    def _common_dot_all(self, weights: dict[str, float]) -> np.ndarray:
        shared = [(self._common[g], w) for g, w in weights.items() if g in self._common]
        return self._common_dot(shared, None)

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


def clauses(text: str, whole: str) -> list[tuple[str, float]]:
    """The normalised message and, when it has several clauses, each clause, with weights.

    In a multi-clause message the question or request carries the intent ("我们80人想去
    古北水镇，大概多少钱" asks for a price), so such clauses count fully, statements and
    the message as a whole a little less.
    """
    parts: dict[str, float] = {}
    for part in _CLAUSE_SPLIT.split(fold(text)):
        core = for_matching(part, keep_bare=False)
        if len(core) >= _MIN_CLAUSE and core != whole:
            factor = 1.0 if _INTENT.search(part) else STATEMENT_FACTOR
            parts[core] = max(factor, parts.get(core, 0.0))
    if len(parts) < 2:
        return [(whole, 1.0)]
    return [(whole, WHOLE_FACTOR), *parts.items()]


def focus(docs: list[Counter[str]], groups: list[str]) -> dict[str, float]:
    """How much each n-gram points to one group, 0 (spread evenly) to 1 (one group only).

    One minus the normalised entropy of the n-gram's spread over groups (each group's
    share divided by its size, so big groups do not win by size), shrunk towards 0 for
    n-grams seen in few triggers, where the spread says little.
    """
    sizes = Counter(groups)
    if len(sizes) < 2:
        return {}
    per_group: dict[str, Counter[str]] = {}
    for grams, group in zip(docs, groups):
        for gram in grams:
            per_group.setdefault(gram, Counter())[group] += 1
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
