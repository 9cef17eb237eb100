"""What a terminal screen needs to talk to the operator: print, ask, in one locale."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console

from bot.format import printable
from bot.texts import text as t

Ask = Callable[[str], str]


@dataclass
class ChatIO:
    """The operator's console, a prompt for answers, and the locale of every sentence."""

    console: Console
    ask: Ask
    locale: str

    def say(self, key: str, style: str = "", **values: object) -> None:
        """Print one localised sentence."""
        self.print(t(self.locale, key, **values), style)

    def print(self, line: str, style: str = "") -> None:
        """Print a line as it is (no rich markup), control characters removed."""
        self.console.print(printable(line), style=style or None, markup=False, highlight=False)

    def question(self, key: str, **values: object) -> str:
        """Ask a localised question; the stripped answer."""
        return self.ask(t(self.locale, key, **values)).strip()
