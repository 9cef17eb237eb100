"""The one sandboxed Jinja2 environment, wired to a per-render budget (replies.budget).

Every loop step, call and ``range`` item draws on the budget of the render; the
operators, filters and methods that can build huge values check the size first;
the output stops growing past ``OUTPUT_LIMIT``. Intercepting ``*``, ``**``, ``%``
and ``+`` also keeps Jinja from folding them at compile time, so
``{{ 'a' * 10**9 }}`` costs nothing to load and is refused when rendered.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from functools import wraps
from typing import Any, Protocol, cast

import jinja2
from jinja2 import nodes
from jinja2.filters import FILTERS, make_attrgetter
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from replies.budget import OUTPUT_LIMIT, check_binop, check_length, check_size, running, spend
from replies.errors import TemplateError

MAX_PRECISION = 15  # digits the round filter may keep or drop
# Filters that cannot build much more than they are given; the rest (center,
# indent, format, batch, slice, random, the Markup ones ...) are left out.
_FILTERS = (  # noqa: SIM905 (a word list reads better than quoted names)
    "abs attr capitalize count d default dictsort first float groupby int items last length"
    " list lower map max min reject rejectattr reverse round select selectattr sort string"
    " striptags sum title trim truncate unique upper wordcount"
).split()
# Methods of plain values a template may call; format, ljust, zfill, to_bytes ... can
# build a huge value from a small argument.
_METHODS = (  # noqa: SIM905
    "upper lower strip lstrip rstrip title capitalize casefold swapcase startswith endswith"
    " split rsplit splitlines partition rpartition count find rfind index rindex removeprefix"
    " removesuffix isdigit isdecimal isnumeric isalpha isalnum isspace islower isupper"
    " istitle get keys values items"
).split()
_VALUES = (str, bytes, int, float, list, tuple, dict, set, frozenset)
LOOP_FILTER = "metered-loop"  # not a name a template can write after "|"
SIZE_FILTER = "checked-size"


def _refuse_growing_method(obj: Any) -> None:
    target = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
    owner = getattr(target, "__self__", None)
    name = getattr(target, "__name__", "?")
    if isinstance(owner, _VALUES) and name not in _METHODS:
        raise TemplateError(f"template calls {type(owner).__name__}.{name}(), which is not allowed")


def _range(*args: int) -> range:
    numbers = range(*args)
    try:
        length = len(numbers)
    except OverflowError:  # longer than any budget
        length = sys.maxsize
    spend(length)
    return numbers


@jinja2.pass_context
def _metered_loop(_context: Context, iterable: Iterable[Any]) -> Iterator[Any]:
    # pass_context: never evaluated at compile time, where no budget is running.
    for item in iterable:
        spend(1)
        yield item


@jinja2.pass_environment
def _join(
    environment: jinja2.Environment, value: Iterable[Any], d: str = "", attribute: Any = None
) -> str:
    items = list(value)
    if attribute is not None:
        items = list(map(make_attrgetter(environment, attribute), items))
    texts = [str(item) for item in items]
    check_length(sum(map(len, texts)) + len(d) * max(len(texts) - 1, 0))
    return d.join(texts)


def _replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    text, old, new = str(value), str(old), str(new)
    count = -1 if count is None or count < 0 else count  # str.replace: negative is "all"
    hits = text.count(old) if count < 0 else min(count, text.count(old))
    check_length(len(text) + hits * (len(new) - len(old)))
    return text.replace(old, new, count)


def _round(value: float, precision: int = 0, method: str = "common") -> float:
    # round() and Jinja's floor/ceil compute 10 ** precision: a huge one never finishes.
    if abs(precision) > MAX_PRECISION:
        raise TemplateError(f"template rounds to {precision} digits (limit {MAX_PRECISION})")
    return cast(float, FILTERS["round"](value, precision, method))


def _checked(func: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(func)  # keeps Jinja's pass_* marker
    def checked(*args: Any, **kwargs: Any) -> Any:
        return check_size(func(*args, **kwargs))

    return checked


def finalize(value: Any) -> Any:
    """What ``{{ … }}`` may print: non-empty text or a number, never None or a container."""
    if isinstance(value, jinja2.Undefined):
        return value  # StrictUndefined raises its own, clearer error when printed
    if value is None or (isinstance(value, str) and not value.strip()):
        raise TemplateError(f"prints an empty value ({value!r})")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TemplateError(f"prints a {type(value).__name__}, not text or a number")
    return value


class CountingEnvironment(ImmutableSandboxedEnvironment):
    """A sandbox whose loops, calls and growing operations draw on a per-render budget."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=False, finalize=finalize)
        self.globals.clear()
        self.globals["range"] = _range
        filters: dict[str, Callable[..., Any]] = {name: FILTERS[name] for name in _FILTERS}
        filters |= {"join": _join, "replace": _replace, "round": _round}
        self.filters = {name: _checked(func) for name, func in filters.items()}
        self.filters |= {LOOP_FILTER: _metered_loop, SIZE_FILTER: check_size}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse an operation that would build a huge value, before it runs."""
        check_binop(operator, left, right)
        return check_size(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Count every call (macros, caller, range) and refuse methods that grow values."""
        spend(1)
        _refuse_growing_method(obj)
        return check_size(super().call(context, obj, *args, **kwargs))


class _Metering(NodeTransformer):
    """Meter every loop step; check the size of every ``~`` and list, tuple or dict literal."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, LOOP_FILTER, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        return self._checked(node)

    def visit_List(self, node: nodes.List) -> nodes.Node:
        return self._checked(node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        return self._checked(node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        return self._checked(node) if node.ctx == "load" else self.generic_visit(node)

    def _checked(self, node: nodes.Expr) -> nodes.Node:
        # [x, x, x] and a ~ b grow by a factor the source sets; checking each keeps it at that.
        self.generic_visit(node)
        return nodes.Filter(node, SIZE_FILTER, [], [], None, None, lineno=node.lineno)


def refuse_private(tree: nodes.Template) -> None:
    """Refuse a template that names a private attribute (``x.__class__``, ``attr('_y')``)."""
    # The sandbox would stop these at render time; refusing at load means such a
    # template never reaches an operator at all.
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Test)):
        for name in _attribute_names(node):
            if any(part.startswith("_") for part in name.split(".")):
                raise TemplateError(f"template touches a private attribute {name!r}")


def _attribute_names(node: nodes.Node) -> Iterator[str]:
    if isinstance(node, nodes.Getattr):
        yield node.attr
        return
    if isinstance(node, nodes.Getitem):
        values = [node.arg]
    elif isinstance(node, nodes.Filter | nodes.Test):
        values = [kw.value for kw in node.kwargs if kw.key == "attribute"]
        values += node.args if node.name == "attr" else []
    else:
        return
    yield from (v.value for v in values if isinstance(v, nodes.Const) and isinstance(v.value, str))


def meter(tree: nodes.Template) -> nodes.Template:
    """Rewrite a parsed template so its loops and concatenations are counted."""
    metered = _Metering().visit(tree)
    assert isinstance(metered, nodes.Template)
    return metered


class Renderable(Protocol):
    """A compiled template: ``jinja2.Template`` or one that restores its words."""

    def generate(self, variables: Mapping[str, object]) -> Iterator[str]:
        """The rendered pieces, in order."""
        ...


def run(template: Renderable, variables: Mapping[str, object]) -> str:
    """Render within a fresh budget, stopping as soon as the output passes OUTPUT_LIMIT."""
    with running():
        pieces = cast(Generator[str, None, None], template.generate(variables))
        try:
            parts: list[str] = []
            size = 0
            for part in pieces:
                size += len(part)
                if size > OUTPUT_LIMIT:
                    raise TemplateError(f"template output passes {OUTPUT_LIMIT} characters")
                parts.append(part)
            return "".join(parts)
        finally:
            pieces.close()
