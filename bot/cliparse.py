"""The command line's argument parser, speaking the configured language.

Two kinds of sentence reach a user of ``replydesk --help`` or a mistyped flag: the help
strings of our commands, and argparse's own ("usage:", "the following arguments are
required", "invalid int value"), which it takes through gettext. Both are looked up by
their English text in ``bot.texts.CLI_ZH`` while ``speaking("zh")`` is in effect; in
English the text is its own translation. The parser has to be built inside it too, since
argparse names its option groups when a parser is made.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from bot.config import config_locale
from bot.texts import CLI_ZH

_catalogue: Mapping[str, str] = CLI_ZH


def tr(message: str) -> str:
    """``message`` in the language being spoken (itself when it has no translation)."""
    return _catalogue.get(message, message)


def _ntr(singular: str, plural: str, n: int) -> str:
    return tr(singular if n == 1 else plural)


class _Help(argparse.HelpFormatter):
    """Help whose descriptions and per-option help strings are translated."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return tr(action.help) if action.help else action.help

    def _format_text(self, text: str) -> str:
        return super()._format_text(tr(text))


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` (its subcommands too) that formats help through ``tr``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Help)
        super().__init__(*args, **kwargs)


@contextlib.contextmanager
def speaking(locale: str) -> Iterator[None]:
    """Build, parse and print help in ``locale`` ("zh" or "en") within this block."""
    global _catalogue
    saved = argparse._, argparse.ngettext, _catalogue  # type: ignore[attr-defined]
    _catalogue = CLI_ZH if locale == "zh" else {}
    argparse._, argparse.ngettext = tr, _ntr  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext, _catalogue = saved  # type: ignore[attr-defined]


def locale_of(argv: list[str]) -> str:
    """The locale of the config file the arguments (or the environment) name; zh by default.

    Read before the arguments are parsed, so that their help and errors speak it; only
    ``--config X`` and ``--config=X`` are looked for (argparse is what parses them after).
    """
    explicit = None
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--config" and n + 1 < len(argv):
            explicit = argv[n + 1]
        elif arg.startswith("--config="):
            explicit = arg.removeprefix("--config=")
    return config_locale(explicit)
