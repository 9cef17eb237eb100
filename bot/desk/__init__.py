"""The use cases, front-end independent, one module per capability.

``inquiries`` (paste, more variants, mark used), ``threads`` (current customer, new,
resume), ``leads`` (draft, check, log, update, find), ``access`` (who may do what),
``reports``, ``examples`` (corrections, imports, undo; ``learning`` keeps the engine
in step with the database). Each public function opens one transaction through ``Desk.transaction``
and addresses earlier work by id, so any process on the same database can continue it.
"""

from bot.desk.context import Actor, Desk

__all__ = ["Actor", "Desk"]
