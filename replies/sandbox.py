"""A sandboxed Jinja2 environment that counts what a template does.

Renders run in worker threads, where signals cannot interrupt them, so a runaway
template is stopped by counting rather than timing. Every loop step, call and
``range`` item draws on one budget per render; operators and filters that can
build huge values check the size before building it; the output stops growing
past ``OUTPUT_LIMIT``. Intercepting ``*``, ``**``, ``%`` and ``+`` also keeps
Jinja from folding them at compile time, so ``{{ 'a' * 10**9 }}`` costs nothing
to load and is refused when rendered.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextvars import ContextVar
from functools import wraps
from typing import Any, cast

import jinja2
from jinja2 import nodes
from jinja2.filters import FILTERS, make_attrgetter
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from replies.errors import TemplateError

STEPS = 5_000  # loop steps, calls and range items one render may spend
MAX_VALUE = 4_000  # characters or items in any one value a template builds
MAX_INT_BITS = 4_096
OUTPUT_LIMIT = 2_000  # characters of output before the render is stopped
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
_SIZED = (str, bytes, list, tuple)
LOOP_FILTER = "metered-loop"  # not a name a template can write after "|"
SIZE_FILTER = "checked-size"


class Budget:
    """The steps one render may still spend."""

    __slots__ = ("left",)

    def __init__(self, steps: int = STEPS) -> None:
        self.left = steps

    def spend(self, steps: int) -> None:
        """Draw on the budget; refuse the template once it is used up."""
        self.left -= steps
        if self.left < 0:
            raise TemplateError(
                f"template does too much work (over {STEPS} loop steps, calls and range items)"
            )


_BUDGET: ContextVar[Budget | None] = ContextVar("replies_render_budget", default=None)


def _budget() -> Budget:
    budget = _BUDGET.get()
    if budget is None:
        raise TemplateError("template rendered outside a budget (use sandbox.run)")
    return budget


def check_size(value: Any) -> Any:
    """Return value unchanged, or refuse it when it is too long or too large a number."""
    if isinstance(value, (*_SIZED, dict, set, frozenset)):
        _check_length(len(value))
    elif isinstance(value, int):
        _check_bits(value.bit_length())
    return value


def _check_length(length: int) -> None:
    if length > MAX_VALUE:
        raise TemplateError(
            f"template builds a value of {length} characters or items (limit {MAX_VALUE})"
        )


def _check_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateError(f"template builds a number of about {bits} bits (limit {MAX_INT_BITS})")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    # Checked before the operation runs: afterwards the memory is already gone.
    if operator == "%" and isinstance(left, (str, bytes)):
        raise TemplateError("template formats text with %: print values with {{ … }} instead")
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, _SIZED) and isinstance(times, int):
                _check_length(len(seq) * times)
        if isinstance(left, int) and isinstance(right, int):
            _check_bits(left.bit_length() + right.bit_length())
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if abs(left) > 1 and right > 0:
            _check_bits(left.bit_length() * right)
    elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
        _check_length(len(left) + len(right))


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
    _budget().spend(length)
    return numbers


@jinja2.pass_context
def _metered_loop(_context: Context, iterable: Iterable[Any]) -> Iterator[Any]:
    # pass_context: never evaluated at compile time, where no budget is running.
    budget = _budget()
    for item in iterable:
        budget.spend(1)
        yield item


@jinja2.pass_environment
def _join(
    environment: jinja2.Environment, value: Iterable[Any], d: str = "", attribute: Any = None
) -> str:
    items = list(value)
    if attribute is not None:
        items = list(map(make_attrgetter(environment, attribute), items))
    texts = [str(item) for item in items]
    _check_length(sum(map(len, texts)) + len(d) * max(len(texts) - 1, 0))
    return d.join(texts)


def _replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    text, old, new = str(value), str(old), str(new)
    hits = text.count(old) if count is None else min(count, text.count(old))
    _check_length(len(text) + hits * (len(new) - len(old)))
    return text.replace(old, new, -1 if count is None else count)


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
        filters |= {"join": _join, "replace": _replace}
        self.filters = {name: _checked(func) for name, func in filters.items()}
        self.filters |= {LOOP_FILTER: _metered_loop, SIZE_FILTER: check_size}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse an operation that would build a huge value, before it runs."""
        _check_binop(operator, left, right)
        return check_size(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Count every call (macros, caller, range) and refuse methods that grow values."""
        _budget().spend(1)
        _refuse_growing_method(obj)
        return check_size(super().call(context, obj, *args, **kwargs))


class _Metering(NodeTransformer):
    """Meter every loop step and check the length of every ``~`` concatenation."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, LOOP_FILTER, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
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


def run(template: jinja2.Template, variables: Mapping[str, object]) -> str:
    """Render within a fresh budget, stopping as soon as the output passes OUTPUT_LIMIT."""
    token = _BUDGET.set(Budget())
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
        _BUDGET.reset(token)
