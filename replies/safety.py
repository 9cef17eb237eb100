"""Comment/DM safety: find words that divert traffic off the platform, rewrite them away.

The word lists are data (``replies/data/safety.toml``); this module only compiles and
applies them, over a per-character fold of the text with an index map back to the
original, so a hit in "ＶＸ" or "電話" is reported where the operator pasted it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from replies import phones
from replies.errors import SafetyRulesError
from replies.models import Channel, Severity, Violation
from replies.normalize import fold

DEFAULT_PATH = Path(__file__).parent / "data" / "safety.toml"
CHANNELS: tuple[Channel, ...] = ("comment", "dm")
_SEVERITIES = ("warn", "block")  # ascending, so the index ranks them
_FIELDS = frozenset(
    {"id", "note", "comment", "dm", "words", "patterns", "mobile_numbers", "unless", "replacement"}
)
# Invisible characters are a known way to split a word past the platform's filter.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# One separator between the characters of a word: "微.信", "v 信", "v x" still count. Not a
# space between two Chinese characters: replies use spaces as commas ("今天 猫咖" is no 天猫).
_GAP = r"[·.*_\-]?"
_GAP_LATIN = r"[\s·.*_\-]?"
_MAX_ROUNDS = 4
_FOLDED: dict[str, str] = {}  # bounded by the number of distinct characters ever seen


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule group compiled for one channel."""

    id: str
    # Words in one regex, each pattern in its own: a combined alternation stops at the
    # first alternative that matches, so a pattern could be hidden behind a shorter word.
    regexes: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]  # a hit lying entirely inside one of these is dropped
    severity: Severity
    replacement: str

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """Spans of this rule's hits in the folded text."""
        found = [m.span() for rx in self.regexes for m in rx.finditer(folded) if m.group()]
        if found and self.unless:
            cover = [m.span() for rx in self.unless for m in rx.finditer(folded)]
            found = [(s, e) for s, e in found if not any(a <= s and e <= b for a, b in cover)]
        return found


@dataclass(frozen=True)
class SafetyRules:
    """Compiled rule groups for each channel."""

    rules: dict[Channel, tuple[Rule, ...]]
    source: str = ""


def load_rules(path: Path | None = None) -> SafetyRules:
    """Read and compile the rule file (default: the bundled replies/data/safety.toml)."""
    path = path or DEFAULT_PATH
    groups = _read(path).get("group")
    if not isinstance(groups, list) or not groups:
        raise SafetyRulesError(f"{path}: field 'group': expected one or more [[group]] tables")
    parsed = [_parse_group(path, index, raw) for index, raw in enumerate(groups, 1)]
    ids = [rule.id for rule, _ in parsed]
    if twice := [rule_id for rule_id in ids if ids.count(rule_id) > 1]:
        raise _error(path, twice[0], "id", "used by two groups")
    by_channel = {
        channel: tuple(replace(rule, severity=on[channel]) for rule, on in parsed if channel in on)
        for channel in CHANNELS
    }
    rules = SafetyRules(by_channel, str(path))
    # A replacement that is itself blocked would make every rewrite unsafe.
    for channel, channel_rules in by_channel.items():
        for rule in channel_rules:
            if any(hit.severity == "block" for hit in check(rule.replacement, channel, rules)):
                raise _error(path, rule.id, "replacement", f"is itself blocked on {channel}")
    return rules


def check(text: str, channel: Channel, rules: SafetyRules) -> tuple[Violation, ...]:
    """Hits of the channel's rules in text, sorted by start, overlapping hits merged."""
    if channel not in rules.rules:
        raise ValueError(f"unknown channel {channel!r}; expected one of {CHANNELS}")
    folded, origin = _fold_with_map(text)
    hits = []
    for rule in rules.rules[channel]:
        for fstart, fend in rule.spans(folded):
            start, end = origin[fstart], origin[fend - 1] + 1
            hit = Violation(rule.id, text[start:end], start, end, rule.severity, rule.replacement)
            hits.append(hit)
    return _merge(text, hits)


def rewrite(text: str, violations: Sequence[Violation]) -> str:
    """Put each violation's replacement in place of its span, working from the end backwards."""
    limit = len(text) + 1
    for hit in sorted(violations, key=lambda v: (v.start, v.end), reverse=True):
        if hit.end > limit:  # overlaps a span already replaced: offsets no longer hold
            continue
        text = text[: hit.start] + hit.replacement + text[hit.end :]
        limit = hit.start
    return text


def make_safe(text: str, channel: Channel, rules: SafetyRules) -> tuple[str, tuple[Violation, ...]]:
    """Rewrite every hit; return the safe text and the hits found in the ORIGINAL text."""
    found = check(text, channel, rules)
    safe = rewrite(text, found)
    # A removal can join its neighbours into a new hit ("微<link>信"): go again, bounded.
    for _ in range(_MAX_ROUNDS):
        blocks = [hit for hit in check(safe, channel, rules) if hit.severity == "block"]
        if not blocks:
            break
        safe = rewrite(safe, blocks)
    return safe, found


def _fold_char(char: str) -> str:
    # Single characters never hit normalize's multi-character WeChat spellings, so
    # fold() is exactly NFKC + t2s + lower here. A plain dict beats lru_cache per char.
    piece = _FOLDED.get(char)
    if piece is None:
        piece = _FOLDED[char] = "" if char in _INVISIBLE else fold(char)
    return piece


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, per folded character, the index of its original character."""
    pieces = [_FOLDED.get(char) or _fold_char(char) for char in text]
    origin = [index for index, piece in enumerate(pieces) for _ in piece]
    return "".join(pieces), origin


def _merge(text: str, hits: list[Violation]) -> tuple[Violation, ...]:
    merged: list[Violation] = []
    for hit in sorted(hits, key=lambda v: (v.start, -v.end)):
        if merged and hit.start < merged[-1].end:
            last = merged[-1]
            winner = max(last, hit, key=lambda v: (_SEVERITIES.index(v.severity), v.end - v.start))
            end = max(last.end, hit.end)
            # The merged hit covers the union, so a rewrite cannot leave half a word behind.
            merged[-1] = replace(winner, start=last.start, end=end, text=text[last.start : end])
        else:
            merged.append(hit)
    return tuple(merged)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise SafetyRulesError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SafetyRulesError(f"{path}: not valid TOML: {exc}") from exc


def _error(path: Path, group: str, field: str, problem: str) -> SafetyRulesError:
    return SafetyRulesError(f"{path}: group {group}: field '{field}': {problem}")


def _parse_group(path: Path, index: int, raw: Any) -> tuple[Rule, dict[str, Severity]]:
    """Validate one [[group]] table: its rule (severity filled in per channel later)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"].strip():
        raise _error(path, f"#{index}", "id", "missing, or the group is not a table")
    group_id = raw["id"]
    unknown = sorted(raw.keys() - _FIELDS)
    if unknown:
        raise _error(path, group_id, unknown[0], f"unknown; known: {', '.join(sorted(_FIELDS))}")
    severity: dict[str, Severity] = {}
    for channel in CHANNELS & raw.keys():
        if raw[channel] not in _SEVERITIES:
            raise _error(path, group_id, channel, f"{raw[channel]!r} is not block or warn")
        severity[channel] = raw[channel]
    # Longest first, so the alternation prefers "加微信" to "加微".
    words = sorted(_strings(path, group_id, raw, "words"), key=len, reverse=True)
    words = [regex for regex in map(_word_regex, words) if regex]
    patterns = _strings(path, group_id, raw, "patterns")
    mobiles = raw.get("mobile_numbers", False)
    if not isinstance(mobiles, bool):
        raise _error(path, group_id, "mobile_numbers", "expected true or false")
    if not words and not patterns and not mobiles:
        raise _error(path, group_id, "words", "a group needs at least one word or pattern")
    regexes = [re.compile("|".join(words))] if words else []
    regexes += [_compile(path, group_id, f"patterns[{n}]", p) for n, p in enumerate(patterns)]
    # Mobile numbers as replies.phones defines them, not a copy of its regex in the data.
    regexes += [phones.LOOSE_PATTERN] if mobiles else []
    unless = _strings(path, group_id, raw, "unless")
    unless_rx = [_compile(path, group_id, f"unless[{n}]", p) for n, p in enumerate(unless)]
    if not isinstance(raw.get("replacement"), str):
        raise _error(path, group_id, "replacement", 'missing or not a string ("" removes)')
    rule = Rule(group_id, tuple(regexes), tuple(unless_rx), "block", raw["replacement"])
    return rule, severity


def _strings(path: Path, group_id: str, raw: dict[str, Any], field: str) -> list[str]:
    values = raw.get(field, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise _error(path, group_id, field, "expected a list of non-empty strings")
    return values


def _compile(path: Path, group_id: str, field: str, pattern: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise _error(path, group_id, field, f"regex does not compile: {exc}") from exc
    if compiled.search(""):
        raise _error(path, group_id, field, "regex matches the empty string")
    return compiled


def _word_regex(word: str) -> str:
    """A literal word as a regex over folded text; a Latin first/last letter matches whole only."""
    folded = "".join(_fold_char(char) for char in word)
    if not folded:
        return ""
    regex = re.escape(folded[0])
    if "a" <= folded[0] <= "z":
        # Look behind after the first letter, not before it: a regex that starts with a
        # literal lets `re` skip ahead, one that starts with a look-behind tries every position.
        regex += f"(?<![a-z]{re.escape(folded[0])})"
    for before, char in pairwise(folded):
        regex += (_GAP_LATIN if before.isascii() or char.isascii() else _GAP) + re.escape(char)
    return regex + ("(?![a-z])" if "a" <= folded[-1] <= "z" else "")
