"""Exceptions of the storage layer: one base, small docstring-only subclasses."""


class StorageError(Exception):
    """Base class of every error raised by the storage layer."""

    def __init__(self, message: str = "", code: str = "", **values: object) -> None:
        super().__init__(message or code)
        self.code = code  # with values, lets a front-end say it in the user's language
        self.values = values


class DatabaseUnavailable(StorageError):
    """The database does not answer, cannot be created, or cannot be written."""


class DatabaseFull(DatabaseUnavailable):
    """The disk (or the database's size limit) has no room left; the transaction was undone."""


class DatabaseCorrupt(DatabaseUnavailable):
    """The database file is damaged, or is not a database at all."""


class SchemaTooNew(StorageError):
    """The database carries a schema revision that this version of the code does not know."""


class ClueFormatError(StorageError):
    """The configured clue-number format is malformed or uses an unknown placeholder."""


class NotFound(StorageError):
    """The requested record does not exist."""


class InvalidValue(StorageError):
    """A value passed to the storage layer is out of range or of the wrong kind."""


class StaleVersion(StorageError):
    """A save named a version that another change has since replaced (optimistic check)."""
