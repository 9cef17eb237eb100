"""Reply templates: one sandboxed Jinja2 environment, inline synonyms, rotation.

A reply variant is a Jinja2 template with inline synonym groups, e.g.
``{您好|你好|哈喽}～{% if headcount %}{{ headcount }}人的{% endif %}方案……``.
Synonym groups are single braces holding at least one ``|``; they are cut out
before Jinja sees the text and filled in at random after it has rendered, so a
template is compiled once however many wordings it can produce.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from replies.errors import TemplateError
from replies.normalize import compact

ALLOWED_VARIABLES = frozenset(
    {"city", "headcount", "budget_per_head", "budget_total", "month", "phone", "wechat"}
    | {"account", "hook", "duration", "known", "request"}
)
_SYNONYM = re.compile(r"(?<!\{)\{([^{}%#]*\|[^{}%#]*)\}(?!\})")
_MARK = "\ue100{}\ue101"
_MARKED = re.compile("\ue100(\\d+)\ue101")

ENV = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A template ready to render: Jinja part plus its synonym groups."""

    source: str
    template: jinja2.Template
    groups: tuple[tuple[str, ...], ...]

    def render(self, variables: Mapping[str, object], rng: random.Random) -> str:
        """Render with the given variables and a random pick in every synonym group."""
        try:
            text = self.template.render(variables)
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateError(f"template escapes the sandbox: {exc}") from exc
        except jinja2.exceptions.UndefinedError as exc:
            raise TemplateError(f"template needs a value it was not given: {exc}") from exc
        except Exception as exc:  # a template is user data: any failure is its fault
            raise TemplateError(f"template failed to render: {exc}") from exc
        picks = [rng.choice(group) for group in self.groups]
        return _MARKED.sub(lambda m: picks[int(m.group(1))], text).strip()

    def variant_count(self) -> int:
        """How many distinct wordings the synonym groups allow (Jinja branches aside)."""
        count = 1
        for group in self.groups:
            count *= len(set(group))
        return count


@lru_cache(maxsize=4096)
def compile_template(source: str) -> Compiled:
    """Compile a reply template, refusing syntax errors, unknown names and dunders."""
    groups: list[tuple[str, ...]] = []

    def mark(found: re.Match[str]) -> str:
        groups.append(tuple(found.group(1).split("|")))
        return _MARK.format(len(groups) - 1)

    jinja_source = _SYNONYM.sub(mark, source)
    try:
        tree = ENV.parse(jinja_source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"template does not compile (line {exc.lineno}): {exc.message}"
        ) from exc
    _refuse_unsafe(tree)
    unknown = meta.find_undeclared_variables(tree) - ALLOWED_VARIABLES
    if unknown:
        names = ", ".join(sorted(unknown))
        allowed = ", ".join(sorted(ALLOWED_VARIABLES))
        raise TemplateError(f"unknown variable {names} (allowed: {allowed})")
    return Compiled(source, ENV.from_string(tree), tuple(groups))


def _refuse_unsafe(tree: nodes.Template) -> None:
    # The sandbox would stop these at render time; refusing at load means such a
    # template never reaches an operator at all.
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else _const(getattr(node, "arg", None))
        if isinstance(name, str) and name.startswith("_"):
            raise TemplateError(f"template touches a private attribute {name!r}")


def _const(node: nodes.Node | None) -> object:
    return node.value if isinstance(node, nodes.Const) else None


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
    when the templates cannot produce enough fresh wordings.
    """
    seen = {compact(text) for text in recent}
    order = list(range(len(templates)))
    rng.shuffle(order)
    chosen: list[tuple[int, str]] = []
    for _round in range(2):
        for index in order:
            if len(chosen) == count:
                return chosen
            if _round == 0 and any(i == index for i, _ in chosen):
                continue
            text = _fresh_render(templates[index], variables, rng, seen, attempts)
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
