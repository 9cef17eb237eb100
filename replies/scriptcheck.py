"""Checks a script passes before it is stored, beyond its templates: synonyms, comment safety.

``synonym_problem`` finds a malformed inline synonym group (``{您好|你好}``): an unclosed
or stray brace, an empty choice, a nested group. ``comment_problem`` runs the comment
rules of ``replies.safety`` over every variant (its text with Jinja parts cut out and
each synonym choice on its own line) and every hook of a comment-channel script: a
pinned or public comment must be clean, so a diversion word there is refused, not
rewritten at send time.
"""

from __future__ import annotations

import re

from replies import safety
from replies.models import Script

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_GROUP = re.compile(r"\{([^{}]*)\}")


def synonym_problem(source: str) -> str | None:
    """Why a variant's synonym groups are malformed, or None when they are fine."""
    found = synonym_fault(source)
    return found[1] if found else None


def synonym_fault(source: str) -> tuple[str, str, dict[str, str]] | None:
    """(code, English reason, values) of a malformed synonym group, or None.

    The code and values let a front-end say the reason in the user's language.
    """
    text = _JINJA.sub(" ", source)
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return "synonym_close", "has a '}' without its '{'", {}
        if depth > 1:
            return "synonym_nested", "has a synonym group inside another ('{a|{b|c}}')", {}
    if depth:
        return "synonym_open", "has a '{' that is never closed", {}
    for group in _GROUP.findall(text):
        if "|" not in group:
            reason = f"has '{{{group}}}': a synonym group needs two choices split by '|'"
            return "synonym_single", reason, {"group": group}
        if any(not choice.strip() for choice in group.split("|")):
            return "synonym_empty", f"has an empty choice in '{{{group}}}'", {"group": group}
    return None


def visible_text(source: str) -> str:
    """A variant's literal words: Jinja parts cut out, each synonym choice on its own line."""
    text = _JINJA.sub("\n", source)
    return _GROUP.sub(lambda m: "\n" + "\n".join(m.group(1).split("|")) + "\n", text)


def comment_problem(script: Script, rules: safety.SafetyRules) -> tuple[str, str] | None:
    """(field, offending word) of the first diversion word in a comment script, else None."""
    if script.channel != "comment":
        return None
    fields = [(f"replies[{n}]", visible_text(r)) for n, r in enumerate(script.replies, 1)]
    fields += [(f"hooks[{n}]", hook) for n, hook in enumerate(script.hooks, 1)]
    for name, text in fields:
        found = safety.check(text, "comment", rules)
        if found:
            return name, found[0].text
    return None
