"""The index's inner loop, compiled by numba: every part of a message against every trigger.

``replies.matching`` prepares flat arrays (postings of n-grams with a character's count
beside its weight, the triggers' code points, each part's weights and counts);
``best_scores`` returns the triggers scored above 0 and each one's best score over the
parts. Pure loops over arrays: numpy spent its time on the fixed cost of about a hundred
small calls per part. Compiled once per machine (``cache=True`` keeps the machine code
beside this file, or in numba's user cache directory when that is read-only).

A part's score against a trigger is ``scale * (0.8 * min(cosine, 1) + 0.2 * ratio)``,
rounded to 2 decimals as ``numpy.round`` does, where ratio is fuzz.ratio / 100 = 2 LCS /
(len q + len t). Pruned, a trigger is scored only while its bound (the exact cosine, and
2 x shared characters for the LCS) can reach the bar: the pool-th best score of one part,
which only rises, a lower bound of the pool-th best of the triggers' best scores.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from replies import gramtable

# The rest is the ratio. 0.8 (was 0.6) with a character weighing twice a pair (was half)
# lifted people's paraphrases in `python -m benchmarks retrieval` from 0.73x BM25 to 1.1x,
# the categories' cross-validated accuracy unchanged (README).
COSINE_WEIGHT = 0.8
ROOM = 0.01  # a bound this close to the bar may still tie it after rounding
# The placeholders of a phone number, WeChat id and e-mail (replies.normalize).
CONTACT_FIRST, CONTACT_LAST = 0xE000, 0xE002


@njit(cache=True, nogil=True)
def _lcs(a: np.ndarray, a0: int, a1: int, b: np.ndarray, b0: int, b1: int, row: np.ndarray) -> int:
    """Length of the longest common subsequence of a[a0:a1] and b[b0:b1] (one DP row)."""
    width = b1 - b0
    for j in range(width + 1):
        row[j] = 0
    for i in range(a0, a1):
        char = a[i]
        diagonal = 0
        for j in range(1, width + 1):
            above = row[j]
            if char == b[b0 + j - 1]:
                row[j] = diagonal + 1
            elif row[j - 1] > above:
                row[j] = row[j - 1]
            diagonal = above
    return row[width]


@njit(cache=True, nogil=True)
def _push(heap: np.ndarray, size: int, value: float) -> int:
    """Keep the largest len(heap) values in a min-heap; return its new size."""
    if size < heap.size:
        i = size
        heap[i] = value
        while i > 0 and heap[(i - 1) // 2] > heap[i]:
            parent = (i - 1) // 2
            heap[i], heap[parent] = heap[parent], heap[i]
            i = parent
        return size + 1
    if value <= heap[0]:
        return size
    heap[0] = value
    i = 0
    while True:
        left, smallest = 2 * i + 1, i
        if left < size and heap[left] < heap[smallest]:
            smallest = left
        if left + 1 < size and heap[left + 1] < heap[smallest]:
            smallest = left + 1
        if smallest == i:
            return size
        heap[i], heap[smallest] = heap[smallest], heap[i]
        i = smallest


@njit(cache=True, nogil=True)
def _sift(keys: np.ndarray, items: np.ndarray, size: int, i: int) -> None:
    """Restore the max-heap (on keys, items alongside) below position i."""
    while True:
        left, largest = 2 * i + 1, i
        if left < size and keys[left] > keys[largest]:
            largest = left
        if left + 1 < size and keys[left + 1] > keys[largest]:
            largest = left + 1
        if largest == i:
            return
        keys[i], keys[largest] = keys[largest], keys[i]
        items[i], items[largest] = items[largest], items[i]
        i = largest


@njit(cache=True, nogil=True)
def best_scores(
    triggers: int,
    pool: int,
    prune: bool,
    allowed: np.ndarray,  # uint8 per trigger
    floats: np.ndarray,  # work space: 4 x triggers (best, cosine, shared, bound)
    ints: np.ndarray,  # work space: 3 x triggers (scored, touched, found)
    seen: np.ndarray,  # work space: uint8 per trigger
    row: np.ndarray,  # work space: the longest trigger's length + 1
    gram_ptr: np.ndarray,
    gram_ids: np.ndarray,
    gram_values: np.ndarray,  # float32: the trigger's normalised weight of the n-gram
    gram_most: np.ndarray,  # per n-gram its largest value
    gram_counts: np.ndarray,  # a character's count in the trigger (0 for a pair)
    text_ptr: np.ndarray,
    text_codes: np.ndarray,  # the triggers' normalised texts as code points
    order: np.ndarray,  # the parts, most weighty first
    scales: np.ndarray,  # 100 x each part's factor
    part_gram_ptr: np.ndarray,
    part_grams: np.ndarray,
    part_weights: np.ndarray,  # before dividing by the part's norm
    norms: np.ndarray,
    part_counts: np.ndarray,  # a character's count in the part (0 for a pair)
    part_text_ptr: np.ndarray,
    part_codes: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The triggers scored above 0 and their best scores over the parts, in the order
    first scored. A trigger left out scores 0 or is below the pool-th best. Without
    ``prune`` every trigger sharing a character with a part is scored."""
    # Per trigger work space, from the caller and left as found: best -1, the rest 0.
    best, cosine, shared, bounds = floats[0], floats[1], floats[2], floats[3]
    scored, touched, found = ints[0], ints[1], ints[2]
    done = 0
    heap = np.empty(max(pool, 1))
    bar = -np.inf
    for p in order:
        scale = scales[p]
        # The most this part can score: no trigger has more cosine than its n-grams' best.
        most = 0.0
        for k in range(part_gram_ptr[p], part_gram_ptr[p + 1]):
            most += part_weights[k] / norms[p] * gram_most[part_grams[k]]
        if prune and scale * (COSINE_WEIGHT * min(most, 1.0) + 1.0 - COSINE_WEIGHT) < bar - ROOM:
            continue
        count = 0
        for k in range(part_gram_ptr[p], part_gram_ptr[p + 1]):
            gram, weight, n = part_grams[k], part_weights[k] / norms[p], part_counts[k]
            for j in range(gram_ptr[gram], gram_ptr[gram + 1]):
                t = gram_ids[j]
                if seen[t] == 0:
                    seen[t] = 1
                    touched[count] = t
                    count += 1
                cosine[t] += weight * gram_values[j]
                if n > 0.0:  # a character: the characters shared bound the subsequence
                    shared[t] += min(gram_counts[j], n)
        start, end = part_text_ptr[p], part_text_ptr[p + 1]
        length = end - start
        kept = 0
        for i in range(count):
            t = touched[i]
            if allowed[t]:
                cosine[t] = min(cosine[t], 1.0)
                lengths = length + text_ptr[t + 1] - text_ptr[t]
                ratio = 2.0 * shared[t] / lengths
                bound = scale * (COSINE_WEIGHT * cosine[t] + (1.0 - COSINE_WEIGHT) * ratio)
                if not prune or bound >= bar - ROOM:
                    found[kept] = t
                    bounds[kept] = bound
                    kept += 1
        # Best bounds first, off a heap: only the few that can reach the bar are taken.
        for i in range(kept // 2 - 1, -1, -1):
            _sift(bounds, found, kept, i)
        size = 0
        while kept:
            if prune and bounds[0] < bar - ROOM:
                break
            t = found[0]
            kept -= 1
            bounds[0], found[0] = bounds[kept], found[kept]
            _sift(bounds, found, kept, 0)
            lo, hi = text_ptr[t], text_ptr[t + 1]
            common = _lcs(part_codes, start, end, text_codes, lo, hi, row)
            ratio = 2.0 * common / (length + hi - lo)
            score = scale * (COSINE_WEIGHT * cosine[t] + (1.0 - COSINE_WEIGHT) * ratio)
            score = np.rint(score * 100.0) / 100.0
            if best[t] < 0.0:
                scored[done] = t
                done += 1
            if score > best[t]:
                best[t] = score
            size = _push(heap, size, score)
            if size == pool and heap[0] > bar:
                bar = heap[0]
        for i in range(count):
            t = touched[i]
            seen[t] = 0
            cosine[t] = 0.0
            shared[t] = 0.0
    ids = scored[:done].copy()
    scores = best[ids]
    best[ids] = -1.0
    positive = scores > 0.0
    return ids[positive], scores[positive]


@njit(cache=True, nogil=True)
def search_parts(
    triggers: int,
    pool: int,
    prune: bool,
    allowed: np.ndarray,
    work: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],  # see best_scores
    slots: np.ndarray,  # the index's GramTable: n-gram key -> number
    numbers: np.ndarray,
    gram_weight: np.ndarray,  # per number: kind x IDF x focus, without the count
    gram_focus: np.ndarray,  # per number: how much it points to one group (0-1)
    unseen: float,  # the IDF of an n-gram no trigger has
    knobs: np.ndarray,  # unigram weight, contact weight, clause focus
    postings: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    texts: tuple[np.ndarray, np.ndarray],
    points: np.ndarray,  # the parts' code points, one after another
    part_ptr: np.ndarray,
    factors: np.ndarray,  # each part's weight
) -> tuple[np.ndarray, np.ndarray]:
    """``best_scores`` of a message's parts, the ``pool`` best first: counts each part's
    characters and boundary-padded pairs, weighs them as the index does (IDF, kind, focus;
    an unseen n-gram counts in the norm only), and, for a message of several parts, scales
    each clause by how category-specific its n-grams are."""
    unigram, contact, clause_focus = knobs[0], knobs[1], knobs[2]
    parts = part_ptr.size - 1
    scales = np.empty(parts)
    norms = np.empty(parts)
    gram_ptr = np.zeros(parts + 1, dtype=np.int64)
    capacity = 2 * (points.size + parts)
    grams = np.empty(capacity, dtype=np.int64)
    weights = np.empty(capacity)
    counts = np.empty(capacity)
    kept = 0
    for p in range(parts):
        keys, tally = gramtable.counted(points, part_ptr[p], part_ptr[p + 1], 2, False)
        found = gramtable.find(slots, numbers, keys)
        total = 0.0
        focus = 0.0
        for i in range(keys.size):
            count = tally[i]
            tf = 1.0 if count == 1 else 1.0 + np.log(count)
            single = keys[i] < (1 << gramtable.BITS)
            number = found[i]
            if number < 0:  # unseen: its kind x the unseen IDF, in the norm only
                weight = tf * unseen * (unigram if single else 1.0)
                key = keys[i]
                while key:
                    point = (key & gramtable.MASK) - 1
                    key >>= gramtable.BITS
                    if CONTACT_FIRST <= point <= CONTACT_LAST:
                        weight *= contact
                        break
            else:
                weight = tf * gram_weight[number]
                focus += gram_focus[number]
                grams[kept] = number
                weights[kept] = weight
                counts[kept] = count if single else 0.0
                kept += 1
            total += weight * weight
        norms[p] = np.sqrt(total) if total > 0.0 else 1.0
        gram_ptr[p + 1] = kept
        scales[p] = factors[p]
        if parts > 1 and keys.size:
            scales[p] *= 1.0 - clause_focus + clause_focus * focus / keys.size
    order = np.argsort(-scales, kind="mergesort")  # clauses that count most first
    ids, scores = best_scores(
        triggers, pool, prune, allowed, *work, *postings, *texts, order, 100.0 * scales,
        gram_ptr, grams[:kept], weights[:kept], norms, counts[:kept], part_ptr, points,
    )  # fmt: skip
    return best_first(ids, scores, pool, triggers)


@njit(cache=True, nogil=True)
def best_first(
    ids: np.ndarray, scores: np.ndarray, limit: int, triggers: int
) -> tuple[np.ndarray, np.ndarray]:
    """The ``limit`` best of distinct triggers' scores (rounded to 2 decimals, as
    ``best_scores`` gives them), best first, ties by trigger number."""
    keys = np.empty(ids.size, dtype=np.int64)
    for i in range(ids.size):
        keys[i] = -np.int64(np.rint(scores[i] * 100.0)) * triggers + ids[i]
    order = np.argsort(keys)[:limit]
    return ids[order], scores[order]
