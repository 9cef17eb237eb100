"""Reply templates: one counting, sandboxed Jinja2 environment, inline synonyms, rotation.

A reply variant is a Jinja2 template with inline synonym groups, e.g.
``{您好|你好|哈喽}～{% if headcount %}{{ headcount }}人的{% endif %}方案……``.
Synonym groups are single braces holding at least one ``|``; they are cut out
before Jinja sees the text and filled in at random after it has rendered, so a
template is compiled once however many wordings it can produce.

``validate_template`` is the one check a template passes before it is offered
(library load, and saving an edited script): it compiles in the sandbox of
``replies.sandbox`` and trial-renders with every field set, each field empty and
all of them empty, so a template that would print "None" or leave an empty slot
is refused with a message naming the field to guard.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import jinja2
from jinja2 import meta

from replies import sandbox
from replies.errors import TemplateError
from replies.models import LEAD_FIELD_NAMES
from replies.normalize import compact

logger = logging.getLogger(__name__)

ALLOWED_VARIABLES = frozenset(
    set(LEAD_FIELD_NAMES) | {"account", "hook", "duration", "known", "request"}
)


class Trial(NamedTuple):
    """The values a variable takes in the trial renders of ``validate_template``."""

    sample: object
    empty: object


# One row per variable; a name added to ALLOWED_VARIABLES without a row gets DEFAULT_TRIAL.
TRIALS: Mapping[str, Trial] = {
    "city": Trial("上海", None),
    "headcount": Trial(50, None),
    "budget_per_head": Trial(300, None),
    "budget_total": Trial(20000, None),
    "month": Trial(7, None),
    "phone": Trial("13800138000", None),
    "wechat": Trial("tuanjian01", None),
    # the engine passes Account("") as a dict when there is no account
    "account": Trial(
        {"code": "TJ", "name": "团建策划", "city": "北京"}, {"code": "", "name": "", "city": ""}
    ),
    "hook": Trial("方案合集", "方案合集"),  # never empty: the engine falls back to DEFAULT_HOOK
    "duration": Trial(2.0, None),  # days, from the customer thread
    # what the thread knows, whether or not a value was extracted (replies.mentions.FACTS)
    "known": Trial(
        dict.fromkeys(("headcount", "date", "duration", "budget", "city", "contact"), True),
        dict.fromkeys(("headcount", "date", "duration", "budget", "city", "contact"), False),
    ),
    "request": Trial("报价单", None),  # what a customer who left a contact asked for
}
DEFAULT_TRIAL = Trial("示例", None)
MAX_SOURCE = 10_000
# Jinja syntax or a synonym group that did not expand, or a printed None.
_LEFTOVERS = ("None", "{{", "{%", "{#", "}}", "%}", "#}", "{", "}")
_SYNONYM = re.compile(r"(?<!\{)\{([^{}%#]*\|[^{}%#]*)\}(?!\})")
_MARK = "\ue100{}\ue101"
_MARKED = re.compile("\ue100(\\d+)\ue101")
_LITERAL_MARK = "\ue102{}\ue103"
_LITERAL = re.compile("\ue102(\\d+)\ue103")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DELIMITERS = ("{{", "{%", "{#", "}}", "%}", "#}")

ENV = sandbox.CountingEnvironment()


@dataclass(frozen=True, slots=True)
class Compiled:
    """A template ready to render: Jinja part plus its synonym groups."""

    source: str
    template: sandbox.Renderable
    groups: tuple[tuple[str, ...], ...]
    variables: frozenset[str] = frozenset()  # the variables the template reads

    def render(self, variables: Mapping[str, object], rng: random.Random) -> str:
        """Render with the given variables and a random pick in every synonym group."""
        text = _run(self.template, variables)
        picks = [rng.choice(group) for group in self.groups]
        text = _MARKED.sub(lambda m: picks[int(m.group(1))], text).strip()
        leftover = next((mark for mark in _LEFTOVERS if mark in text), None)
        if leftover is not None:
            raise TemplateError(f"reply would contain {leftover!r}")
        if not text:
            raise TemplateError("reply would be empty")
        return text

    def variant_count(self) -> int:
        """How many distinct wordings the synonym groups allow (Jinja branches aside)."""
        count = 1
        for group in self.groups:
            count *= len(set(group))
        return count


def _run(template: sandbox.Renderable, variables: Mapping[str, object]) -> str:
    try:
        return sandbox.run(template, variables)
    except TemplateError:
        raise
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"template escapes the sandbox: {exc}") from exc
    except jinja2.exceptions.UndefinedError as exc:
        raise TemplateError(f"template needs a value it was not given: {exc}") from exc
    except Exception as exc:  # a template is user data: any failure is its fault
        raise TemplateError(f"template failed to render: {exc}") from exc


@lru_cache(maxsize=4096)
def compile_template(source: str) -> Compiled:
    """Compile a reply template, refusing syntax errors, unknown names and dunders."""
    if len(source) > MAX_SOURCE:
        raise TemplateError(f"template is {len(source)} characters long (limit {MAX_SOURCE})")
    groups: list[tuple[str, ...]] = []

    def mark(found: re.Match[str]) -> str:
        groups.append(tuple(found.group(1).split("|")))
        return _MARK.format(len(groups) - 1)

    jinja_source = _SYNONYM.sub(mark, source)
    hollow = skeleton(jinja_source)
    template: sandbox.Renderable
    try:
        if hollow is None:
            template, names = _compile_jinja(jinja_source)
        else:
            try:
                bare, names = _compile_jinja(hollow[0])
                template = Restoring(bare, hollow[1])
            except (TemplateError, jinja2.TemplateSyntaxError):  # the whole text names it
                template, names = _compile_jinja(jinja_source)
    except jinja2.TemplateSyntaxError as exc:  # also an unknown filter, found by from_string
        raise TemplateError(
            f"template does not compile (line {exc.lineno}): {exc.message}"
        ) from exc
    unknown = names - ALLOWED_VARIABLES
    if unknown:
        listed = ", ".join(sorted(unknown))
        allowed = ", ".join(sorted(ALLOWED_VARIABLES))
        raise TemplateError(f"unknown variable {listed} (allowed: {allowed})")
    return Compiled(source, template, tuple(groups), names)


def skeleton(jinja_source: str) -> tuple[str, tuple[str, ...]] | None:
    """The template with each literal text run as a numbered mark, and the runs.

    Templates of one library mostly differ in their words only: their skeletons are
    few, so Jinja compiles each once (the slow part of loading 10 000 scripts) and the
    words go back in as the template renders. None when the text cannot be split safely.
    """
    if "raw" in jinja_source:  # {% raw %} text is not Jinja: keep the template whole
        return None
    literals: list[str] = []
    pieces: list[str] = []
    position = 0
    for tag in _TAG.finditer(jinja_source):
        pieces += [_hollow(jinja_source[position : tag.start()], literals), tag.group()]
        position = tag.end()
    pieces.append(_hollow(jinja_source[position:], literals))
    if any(mark in literal for literal in literals for mark in _DELIMITERS):
        return None
    return "".join(pieces), tuple(literals)


def _hollow(text: str, literals: list[str]) -> str:
    # Surrounding whitespace stays: Jinja's "-" whitespace control strips it as before.
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    literals.append(core)
    return text[:start] + _LITERAL_MARK.format(len(literals) - 1) + text[start + len(core) :]


@lru_cache(maxsize=4096)
def _compile_jinja(jinja_source: str) -> tuple[jinja2.Template, frozenset[str]]:
    """Parse, refuse private attributes, meter and compile (cached by the exact text)."""
    tree = ENV.parse(jinja_source)
    sandbox.refuse_private(tree)
    names = frozenset(meta.find_undeclared_variables(tree))
    return ENV.from_string(sandbox.meter(tree)), names


class Restoring:
    """A skeleton template that puts its literal words back into every piece it renders."""

    def __init__(self, template: jinja2.Template, literals: tuple[str, ...]) -> None:
        self.template = template
        self.literals = literals

    def generate(self, variables: Mapping[str, object]) -> Iterator[str]:
        """The rendered pieces, words restored (so output limits count the real text)."""
        words = self.literals
        for piece in self.template.generate(variables):
            yield _LITERAL.sub(lambda m: words[int(m.group(1))], piece)


@lru_cache(maxsize=4096)
def validate_template(source: str) -> Compiled:
    """Compile a template and trial-render it with every field set, each empty, all empty."""
    compiled = compile_template(source)
    trials = {name: TRIALS.get(name, DEFAULT_TRIAL) for name in sorted(ALLOWED_VARIABLES)}
    full = {name: trial.sample for name, trial in trials.items()}
    _trial(compiled, full, "with every field set")
    for name, trial in trials.items():
        if name in compiled.variables and trial.empty != trial.sample:
            guard = f"{name}.…" if isinstance(trial.empty, Mapping) else name
            _trial(compiled, {**full, name: trial.empty}, f"when {name} is empty", guard)
    empty = {name: trial.empty for name, trial in trials.items()}
    _trial(compiled, empty, "with every field empty", "…")
    return compiled


def _trial(
    compiled: Compiled, variables: Mapping[str, object], when: str, guard: str | None = None
) -> None:
    try:
        compiled.render(variables, random.Random(0))
    except TemplateError as exc:
        hint = f"; guard it with {{% if {guard} %}}" if guard else ""
        raise TemplateError(f"fails {when}: {exc}{hint}") from exc


def render(source: str, variables: Mapping[str, object], rng: random.Random) -> str:
    """Compile (cached) and render one template."""
    return compile_template(source).render(variables, rng)


def rotate(
    templates: Sequence[str],
    variables: Mapping[str, object],
    rng: random.Random,
    *,
    recent: Sequence[str] = (),
    count: int = 3,
    attempts: int = 8,
) -> list[tuple[int, str]]:
    """Up to ``count`` distinct replies, none equal to a ``recent`` text.

    Returns (template index, text) pairs. Different templates are preferred; the
    same template is used again (with other synonyms) only when there are not
    enough. Texts compare after ``normalize.compact``, so punctuation or width
    differences do not make a repeat look new. Fewer than ``count`` come back only
    when the templates cannot produce enough fresh wordings. A template that fails
    to render is logged and skipped: the other variants still reach the customer.
    """
    seen = {compact(text) for text in recent}
    order = list(range(len(templates)))
    rng.shuffle(order)
    chosen: list[tuple[int, str]] = []
    broken: set[int] = set()
    for _round in range(2):
        for index in order:
            if len(chosen) == count:
                return chosen
            if index in broken or (_round == 0 and any(i == index for i, _ in chosen)):
                continue
            try:
                text = _fresh_render(templates[index], variables, rng, seen, attempts)
            except TemplateError as exc:
                logger.warning("reply variant %d skipped (%.40s): %s", index, templates[index], exc)
                broken.add(index)
                continue
            if text is not None:
                seen.add(compact(text))
                chosen.append((index, text))
    return chosen


def _fresh_render(
    source: str,
    variables: Mapping[str, object],
    rng: random.Random,
    seen: set[str],
    attempts: int,
) -> str | None:
    for _ in range(attempts):
        text = render(source, variables, rng)
        if compact(text) not in seen:
            return text
    return None
