"""Character n-grams as integers, and a hash table from them, for compiled loops.

An n-gram of up to three characters is one int64: each code point plus one in its own
21 bits, first character highest (``"多少"`` -> ``(ord("多") + 1) << 21 | ord("少") + 1``),
so grams of different lengths never collide and 0 is never a gram. ``GramTable`` maps
such keys to column numbers by open addressing; ``counted`` turns a text's code points
into its distinct n-gram keys with their counts, in the shapes the model and the index
count (boundary-padded, or padded per space-separated word). Everything numba compiles
here is called from other compiled code, with no Python objects on the way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property

import numpy as np
from numba import njit

BITS = 21  # every code point (up to 0x10FFFF) plus one fits
START, END, SPACE = 2, 3, 32  # the boundary marks ("\x02", "\x03") and the word padding
MASK = (1 << BITS) - 1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: multiply, keep the top bits


def codes(text: str) -> np.ndarray:
    """The code points of a text (no lone surrogates), as int64."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


def keys(grams: Iterable[str]) -> np.ndarray:
    """The int64 key of each n-gram (one to three characters)."""
    listed = list(grams)
    lengths = np.fromiter(map(len, listed), np.int64, len(listed))
    if lengths.size and (lengths.min() < 1 or lengths.max() > 3):
        raise ValueError("n-gram keys hold one to three characters")
    ptr = np.zeros(len(listed) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    return _keys(codes("".join(listed)), ptr)


@njit(cache=True, nogil=True)
def _keys(points: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    out = np.empty(ptr.size - 1, dtype=np.int64)
    for g in range(ptr.size - 1):
        key = 0
        for i in range(ptr[g], ptr[g + 1]):
            key = (key << BITS) | (points[i] + 1)
        out[g] = key
    return out


class GramTable:
    """An immutable map from n-gram keys to non-negative numbers (-1: absent)."""

    def __init__(self, gram_keys: np.ndarray, numbers: np.ndarray) -> None:
        size = 8
        while size < 2 * gram_keys.size:
            size *= 2
        self.slots = np.zeros(size, dtype=np.int64)  # 0: empty
        self.values = np.full(size, -1, dtype=np.int64)
        _fill(self.slots, self.values, gram_keys, numbers)

    @classmethod
    def of(cls, grams: Iterable[str], numbers: Iterable[int]) -> GramTable:
        """The table of n-gram strings (one to three characters)."""
        gram_keys = keys(grams)
        return cls(gram_keys, np.fromiter(numbers, np.int64, gram_keys.size))

    def get(self, gram: str) -> int:
        """The number of one n-gram, -1 if absent (for tests and tools; loops use ``find``)."""
        return int(find(self.slots, self.values, keys([gram]))[0])


class Vocabulary(Mapping[str, int]):
    """N-grams numbered from ``start`` in the order of ``gram_keys``, as a GramTable for
    compiled lookups; read as a mapping of strings, it decodes the keys once."""

    def __init__(self, gram_keys: np.ndarray, start: int) -> None:
        self.gram_keys = gram_keys
        self.start = start
        self.table = GramTable(gram_keys, np.arange(start, start + gram_keys.size))

    @cached_property
    def _numbers(self) -> dict[str, int]:
        return dict(
            zip(map(decode, self.gram_keys.tolist()), range(self.start, self.start + len(self)))
        )

    def __getitem__(self, gram: str) -> int:
        return self._numbers[gram]

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return int(self.gram_keys.size)


def decode(key: int) -> str:
    """The n-gram of a key."""
    points = []
    while key:
        points.append((key & MASK) - 1)
        key >>= BITS
    return "".join(map(chr, reversed(points)))


def numbered(
    texts: Sequence[str], max_n: int, words: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every text's distinct n-grams (as ``counted``) numbered by first sight: the keys in
    number order, and the (row, number, count) of each text's n-grams."""
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    ptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    return _numbered(codes("".join(texts)), ptr, max_n, words)


@njit(cache=True, nogil=True)
def _numbered(
    points: np.ndarray, ptr: np.ndarray, max_n: int, words: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    capacity = 0
    for r in range(ptr.size - 1):
        capacity += max_n * (2 * (ptr[r + 1] - ptr[r]) + 2)
    rows = np.empty(capacity, dtype=np.int64)
    numbers = np.empty(capacity, dtype=np.int64)
    tallies = np.empty(capacity, dtype=np.int64)
    first = np.empty(capacity, dtype=np.int64)
    slots = np.zeros(1 << 12, dtype=np.int64)
    values = np.full(slots.size, -1, dtype=np.int64)
    shift = _shift(slots)
    known = 0
    size = 0
    for r in range(ptr.size - 1):
        grams, counts = counted(points, ptr[r], ptr[r + 1], max_n, words)
        for i in range(grams.size):
            at = _slot(slots, shift, grams[i])
            if slots[at] == 0:
                slots[at] = grams[i]
                values[at] = known
                first[known] = grams[i]
                known += 1
                if 2 * known > slots.size:  # grow: the table stays at most half full
                    slots = np.zeros(2 * slots.size, dtype=np.int64)
                    values = np.full(slots.size, -1, dtype=np.int64)
                    shift = _shift(slots)
                    _fill(slots, values, first[:known], np.arange(known))
                    at = _slot(slots, shift, grams[i])
            rows[size] = r
            numbers[size] = values[at]
            tallies[size] = counts[i]
            size += 1
    return first[:known].copy(), rows[:size], numbers[:size], tallies[:size]


@njit(cache=True, nogil=True)
def _shift(slots: np.ndarray) -> np.uint64:
    """64 minus log2 of the (power of two) table size: the hash's top bits index it."""
    bits, size = 0, slots.size
    while size > 1:
        size >>= 1
        bits += 1
    return np.uint64(64 - bits)


@njit(cache=True, nogil=True)
def _slot(slots: np.ndarray, shift: np.uint64, key: int) -> np.int64:
    mask = slots.size - 1
    at = np.int64((np.uint64(key) * _GOLDEN) >> shift)
    while slots[at] != 0 and slots[at] != key:
        at = (at + 1) & mask
    return at


@njit(cache=True, nogil=True)
def _fill(
    slots: np.ndarray, values: np.ndarray, gram_keys: np.ndarray, numbers: np.ndarray
) -> None:
    shift = _shift(slots)
    for i in range(gram_keys.size):
        at = _slot(slots, shift, gram_keys[i])
        slots[at] = gram_keys[i]
        values[at] = numbers[i]


@njit(cache=True, nogil=True)
def find(slots: np.ndarray, values: np.ndarray, found: np.ndarray) -> np.ndarray:
    """The number stored for each key of ``found``, -1 for those absent."""
    shift = _shift(slots)
    out = np.empty(found.size, dtype=np.int64)
    for i in range(found.size):
        out[i] = values[_slot(slots, shift, found[i])]
    return out


@njit(cache=True, nogil=True)
def counted(
    points: np.ndarray, start: int, end: int, max_n: int, words: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct n-gram keys of points[start:end] (sorted) and their counts.

    Padded (``words`` False): 1..max_n-grams of the text between START and END, without
    those two marks alone. By word (``words`` True; words separated by one SPACE): 1..max_n-
    grams of each word between spaces, without the lone space.
    """
    # At most max_n grams per padded character; words add two marks each (at most one
    # word per character), the padded text two marks in all.
    found = np.empty(max_n * (3 * (end - start) + 2), dtype=np.int64)
    size = 0
    padded = np.empty(end - start + 2, dtype=np.int64)
    at = start
    while at < end or (not words and at == start):
        stop = at
        if words:
            while stop < end and points[stop] != SPACE:
                stop += 1
        else:
            stop = end
        length = stop - at + 2
        padded[0] = SPACE if words else START
        padded[1 : length - 1] = points[at:stop]
        padded[length - 1] = SPACE if words else END
        for n in range(1, max_n + 1):
            for i in range(length - n + 1):
                if n == 1 and (i == 0 or i == length - 1):
                    continue  # a mark alone
                key = 0
                for j in range(i, i + n):
                    key = (key << BITS) | (padded[j] + 1)
                found[size] = key
                size += 1
        at = stop + 1
        if not words:
            break
    ordered = np.sort(found[:size])
    distinct = np.empty(size, dtype=np.int64)
    tally = np.empty(size, dtype=np.int64)
    kinds = 0
    for i in range(size):
        if kinds and distinct[kinds - 1] == ordered[i]:
            tally[kinds - 1] += 1
        else:
            distinct[kinds] = ordered[i]
            tally[kinds] = 1
            kinds += 1
    return distinct[:kinds], tally[:kinds]
