"""The error bases every front-end turns into one message, in the user's language.

Each package has one base; every error a user can cause derives from one of them and
carries a ``code`` and ``values`` that bot/texts.py turns into a sentence.
"""

from __future__ import annotations

from replies.errors import ReplyError
from storage.errors import StorageError


class DeskError(Exception):
    """A use case refused the request; ``code`` and ``values`` say why."""

    def __init__(self, message: str = "", code: str = "", **values: object) -> None:
        super().__init__(message or code)
        self.code = code
        self.values = values


class PermissionDenied(DeskError):
    """The operator's role (read from the database) does not allow this action."""


class LeadRejected(DeskError):
    """A lead lacks what every lead needs (a nickname or a contact), or a value is bad."""


class ExportError(DeskError):
    """The export file could not be written, or its format is unclear."""


class UsageError(DeskError):
    """A command was given something it cannot take (unknown status, category, thread)."""


def user_error_bases() -> tuple[type[Exception], ...]:
    """Every base a front-end catches and turns into a message (config and eval too)."""
    from bot.config import ConfigError
    from bot.evalfile import EvalFileError

    return (ReplyError, StorageError, DeskError, ConfigError, EvalFileError)


class ScriptFileError(DeskError):
    """A script file is refused whole; ``problems`` lists (row, column, reason) of each fault."""

    def __init__(self, message: str, code: str, problems: tuple = (), **values: object) -> None:
        super().__init__(message, code, count=len(problems), **values)
        self.problems = problems
