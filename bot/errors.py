"""Exceptions of the use cases, kept free of heavy imports so every command can catch them."""


class DeskError(Exception):
    """A use case refused the request; the message says why, for the operator."""


class PermissionDenied(DeskError):
    """The operator's role does not allow this action."""


class LeadRejected(DeskError):
    """A lead lacks what every lead needs (a nickname or a contact)."""


class ExportError(DeskError):
    """The export file could not be written, or its format is unclear."""
