"""Exceptions of the reply engine: one base, small docstring-only subclasses."""


class ReplyError(Exception):
    """Base class of every error raised by the reply engine."""

    def __init__(self, message: str = "", code: str = "", **values: object) -> None:
        super().__init__(message or code)
        self.code = code  # with values, lets a front-end say it in the user's language
        self.values = values


class LibraryError(ReplyError):
    """A script library file is missing, malformed or inconsistent."""


class TemplateError(ReplyError):
    """A reply template does not compile, escapes the sandbox or lacks a variable."""


class SafetyRulesError(ReplyError):
    """The safety word-list file is missing or malformed."""


class ExampleError(ReplyError):
    """A learned example names a category the library does not have."""


class InputError(ReplyError):
    """The pasted inquiry cannot be handled (empty, too long, not text)."""
