"""Plain-text and JSON views of a Suggestion, shared by the CLI and the terminal chat."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from bot.texts import labelled
from bot.texts import text as t
from replies.categories import category_label
from replies.models import LeadFields, Reply, Suggestion

_PRINTABLE_KEEPS = frozenset("\n\t\u200d")  # line breaks, tabs, the emoji joiner (ZWJ)


def printable(text: str) -> str:
    """The text without control, format (bidi, zero-width) or lone surrogate characters."""
    # Stored values are cleaned on input; this also covers rows written before that, and
    # anything else that reaches the operator's terminal (escape sequences retitle it).
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        char
        for char in text
        if char in _PRINTABLE_KEEPS or unicodedata.category(char) not in ("Cc", "Cf", "Cs")
    )


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: wide (CJK) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """The text padded with spaces to ``width`` terminal columns (aligned right if asked)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


# json.dumps(ensure_ascii=False) leaves these as they are, and line-oriented readers
# (str.splitlines, JavaScript before ES2019) take them for line breaks.
_LINE_BREAKS_IN_JSON = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def json_line(value: object) -> str:
    """One JSON document on one line, readable UTF-8, with every line-breaking character escaped."""
    line = json.dumps(value, ensure_ascii=False)
    for char, escaped in _LINE_BREAKS_IN_JSON.items():
        line = line.replace(char, escaped)  # they occur only inside strings: safe to replace
    return line


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    """The `replydesk match --json` object for one inquiry."""
    c = suggestion.classification
    out: dict[str, Any] = {
        "text": suggestion.text,
        "category": c.category,
        "script_id": c.best.script_id if c.best else None,
        "score": c.best.score if c.best else 0.0,
        "alternatives": [[category, score] for category, score in c.alternatives],
        "why": {"trigger": c.best.trigger, "shared": list(c.best.shared)} if c.best else None,
        "suggestions": [reply.text for reply in suggestion.replies],
        "safety": [
            {
                "suggestion": n,
                "rule": v.rule,
                "text": v.text,
                "start": v.start,
                "end": v.end,
                "severity": v.severity,
                "replacement": v.replacement,
            }
            for n, reply in enumerate(suggestion.replies)
            for v in reply.violations
        ],
        "safe_suggestions": [reply.safe_text for reply in suggestion.replies],
        "fields": suggestion.fields.as_dict(),
    }
    if not c.confident:
        out["confident"] = False
    return out


def classification_lines(suggestion: Suggestion, locale: str) -> list[str]:
    """Category, score, why, and the alternatives, one line each."""
    c = suggestion.classification
    if c.best is None:
        return [labelled(locale, t(locale, "category"), t(locale, "unmatched_line"))]
    label = f"{category_label(c.best.category, locale)} ({c.best.category})"
    head = f"{label}  {t(locale, 'confidence')} {c.best.score:.0f}"
    lines = [labelled(locale, t(locale, "category"), head)]
    if not c.confident:
        top = [c.best.category, *(cat for cat, _ in c.alternatives)][:3]
        names = " / ".join(category_label(cat, locale) for cat in top)
        lines.append(f"{t(locale, 'not_sure')} {names}")
    why = t(locale, "matched_trigger", trigger=c.best.trigger, script=c.best.script_id)
    if c.best.shared:
        why += "；" + t(locale, "shared_words", words="、".join(c.best.shared))
    lines.append(labelled(locale, t(locale, "why"), why))
    if c.alternatives:
        alts = " · ".join(
            f"{category_label(cat, locale)} {score:.0f}" for cat, score in c.alternatives
        )
        lines.append(labelled(locale, t(locale, "alternatives"), alts))
    return lines


def reply_lines(suggestion: Suggestion, locale: str) -> list[str]:
    """Numbered replies, each with its comment-safe version when it differs."""
    if not suggestion.replies:
        return [t(locale, "no_suggestions")]
    lines = []
    for n, reply in enumerate(suggestion.replies, start=1):
        lines.append(f"{n}. {reply.text}")
        lines += safety_lines(reply, locale)
    return lines


def safety_lines(reply: Reply, locale: str) -> list[str]:
    """A reply's flagged words with their severity, then its comment-safe version; none if clean."""
    if not reply.violations:
        return []
    hits = "、".join(f"{v.text}({t(locale, 'severity.' + v.severity)})" for v in reply.violations)
    return [
        "   " + labelled(locale, t(locale, "safety_hits"), hits),
        "   " + labelled(locale, t(locale, "safe_version"), reply.safe_text),
    ]


def fields_line(fields: LeadFields, locale: str) -> str:
    """Extracted lead fields as one line."""
    return _fields(t(locale, "fields"), fields, locale)


def thread_line(fields: LeadFields, locale: str) -> str:
    """What the customer told us over the whole thread, as one line."""
    return _fields(t(locale, "chat.thread_fields"), fields, locale)


def _fields(title: str, fields: LeadFields, locale: str) -> str:
    parts = [f"{t(locale, 'field.' + k)}={v}" for k, v in fields.as_dict().items() if v is not None]
    return labelled(locale, title, "  ".join(parts) if parts else t(locale, "no_fields"))


def suggestion_text(suggestion: Suggestion, locale: str) -> str:
    """The whole human-readable answer for one inquiry."""
    lines = classification_lines(suggestion, locale)
    lines.append(f"{t(locale, 'suggestions')}:")
    lines.extend(reply_lines(suggestion, locale))
    lines.append(fields_line(suggestion.fields, locale))
    return "\n".join(lines)
