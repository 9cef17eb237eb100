"""What one template render may spend: steps, value sizes and number sizes.

Renders run in worker threads, where signals cannot interrupt them, so a runaway
template is stopped by counting rather than timing. ``running()`` gives a render
its own budget (a context variable, so threads and tasks never share one);
``spend`` draws on it; the ``check_*`` functions refuse a value before, or just
after, it is built. Everything refused raises TemplateError.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from replies.errors import TemplateError

STEPS = 5_000  # loop steps, calls and range items one render may spend
OUTPUT_LIMIT = 2_000  # characters of output before the render is stopped
# Characters or items in any one value a template builds: no longer than a reply can
# be, so STEPS x MAX_VALUE bounds even text a loop collects without printing it.
MAX_VALUE = OUTPUT_LIMIT
MAX_INT_BITS = 4_096
_SIZED = (str, bytes, list, tuple)


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


_CURRENT: ContextVar[Budget | None] = ContextVar("replies_render_budget", default=None)


@contextmanager
def running(steps: int = STEPS) -> Iterator[Budget]:
    """Give the render inside the ``with`` block a fresh budget of its own."""
    token = _CURRENT.set(Budget(steps))
    try:
        yield _current()
    finally:
        _CURRENT.reset(token)


def spend(steps: int) -> None:
    """Draw on the budget of the render running in this thread or task."""
    _current().spend(steps)


def _current() -> Budget:
    budget = _CURRENT.get()
    if budget is None:
        raise TemplateError("template rendered outside a budget (use sandbox.run)")
    return budget


def weight(value: Any, limit: int = MAX_VALUE) -> int:
    """Characters of text plus slots of containers in value, counted up to just past limit."""
    # Containers are walked, not just measured: [[x] * 1000] * 1000 is short at every
    # level, yet printing or comparing it walks all of it. Stopping past the limit
    # keeps the walk cheap however deep the sharing goes.
    total, pending = 0, [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, dict):
            total += 2 * len(item)
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item)
            pending.extend(item)
    return total


def check_size(value: Any) -> Any:
    """Return value unchanged, or refuse it when it is too big a value or too large a number."""
    if isinstance(value, int):
        check_bits(value.bit_length())
    elif not isinstance(value, (str, bytes)) or len(value) > MAX_VALUE:
        check_length(weight(value))
    return value


def check_length(length: int) -> None:
    """Refuse a value of more than MAX_VALUE characters or items."""
    if length > MAX_VALUE:
        raise TemplateError(
            f"template builds a value of at least {length} characters or items (limit {MAX_VALUE})"
        )


def check_bits(bits: int) -> None:
    """Refuse a number of more than MAX_INT_BITS bits."""
    if bits > MAX_INT_BITS:
        raise TemplateError(f"template builds a number of about {bits} bits (limit {MAX_INT_BITS})")


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` before it runs when the result would be too big."""
    if operator == "%" and isinstance(left, (str, bytes)):
        raise TemplateError("template formats text with %: print values with {{ … }} instead")
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, _SIZED) and isinstance(times, int):
                check_length(weight(seq) * times)
        if isinstance(left, int) and isinstance(right, int):
            check_bits(left.bit_length() + right.bit_length())
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if abs(left) > 1 and right > 0:
            check_bits(left.bit_length() * right)
    elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
        check_length(weight(left) + weight(right))
