"""Who may do what: one table, and the role read from the database on every use case."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.desk.context import Actor
from bot.errors import PermissionDenied
from storage import accounts as account_store
from storage.records import OperatorRecord

ROLE_RANK = {"operator": 0, "lead": 1, "admin": 2}
# The least role each action needs. Operators update only the leads they logged.
PERMISSIONS = {
    "paste": "operator",
    "use_suggestion": "operator",
    "view_leads": "operator",
    "log_lead": "operator",
    "update_own_lead": "operator",
    "update_any_lead": "lead",
    "export": "lead",
    "edit_scripts": "lead",
    "correct": "operator",  # a wrong category: the inquiry becomes a learned example
    "view_examples": "operator",
    "import_examples": "lead",  # examples change every operator's model
    "remove_examples": "lead",
    "grant": "admin",
}


def identify(session: Session, actor: Actor) -> OperatorRecord:
    """The actor's operator row; on an install with no operator yet, the first is admin."""
    found = account_store.get_operator(session, handle=actor.handle)
    if found is not None:
        return found
    role = "operator" if account_store.any_operator(session) else "admin"
    account_store.ensure_operator(
        session, handle=actor.handle, display_name=actor.display_name, role=role
    )
    found = account_store.get_operator(session, handle=actor.handle)
    assert found is not None
    return found


def allowed(role: str, action: str) -> bool:
    """Whether a role may take an action."""
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[PERMISSIONS[action]]


def require(session: Session, actor: Actor, action: str) -> OperatorRecord:
    """The actor's operator row if its stored role allows the action; else PermissionDenied."""
    operator = identify(session, actor)
    if not allowed(operator.role, action):
        raise PermissionDenied(
            f"{actor.display_name} ({operator.role}) may not {action}",
            "permission",
            name=actor.display_name,
            role=operator.role,
            needed=PERMISSIONS[action],
        )
    return operator


def role_of(session: Session, actor: Actor) -> str | None:
    """The actor's stored role, or None for someone never seen (reads only)."""
    return account_store.get_operator_role(session, handle=actor.handle)
