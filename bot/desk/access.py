"""Who may do what: one table, and the role read from the database on every use case.

A terminal user is the OS login and is let in (on an install with no operator yet, the
first one is admin). Anyone else (a Telegram user) must be listed in the config, whose
lists are a floor, or granted a role by an admin; everyone else is a stranger.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from bot.desk.context import Actor, Desk
from bot.errors import PermissionDenied, UsageError
from storage import accounts as account_store
from storage.records import OperatorRecord

ROLE_RANK = {"operator": 0, "lead": 1, "admin": 2}
REVOKED = "none"  # a stored role that lets nobody in
TRUSTED_PREFIX = "terminal:"
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
    "view_script_stats": "lead",  # what converts: per script, hook, account
    "grant": "admin",
    "followups": "operator",  # one's own re-activation reminders
    "view_jobs": "operator",  # /summary status: what the scheduler sent
    "propose": "operator",  # a script, variants or triggers, for a team lead to decide
    "review_proposals": "lead",
    "add_category": "admin",
    "summary": "operator",  # daily / weekly / monthly figures, /summary and the CLI
}

Floors = Mapping[str, str]


def identify(session: Session, actor: Actor, floors: Floors | None = None) -> OperatorRecord:
    """The actor's operator row with its effective role; PermissionDenied for a stranger."""
    floor = (floors or {}).get(actor.handle)
    found = account_store.get_operator(session, handle=actor.handle)
    if found is None:
        role = floor or _first_role(session, actor)
        account_store.ensure_operator(
            session, handle=actor.handle, display_name=actor.display_name, role=role
        )
    elif floor and ROLE_RANK.get(found.role, -1) < ROLE_RANK[floor]:
        account_store.set_operator_role(session, handle=actor.handle, role=floor)
    else:
        return _admitted(found, actor)
    found = account_store.get_operator(session, handle=actor.handle)
    assert found is not None
    return _admitted(found, actor)


def _first_role(session: Session, actor: Actor) -> str:
    if not actor.handle.startswith(TRUSTED_PREFIX):
        raise _stranger(actor)
    return "operator" if account_store.any_operator(session) else "admin"


def _admitted(found: OperatorRecord, actor: Actor) -> OperatorRecord:
    if found.role not in ROLE_RANK:
        raise _stranger(actor)
    return found


def _stranger(actor: Actor) -> PermissionDenied:
    user_id = actor.handle.partition(":")[2]
    return PermissionDenied(f"{actor.handle} is not allowed", "stranger", user_id=user_id)


def allowed(role: str, action: str) -> bool:
    """Whether a role may take an action."""
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[PERMISSIONS[action]]


def require(
    session: Session, actor: Actor, action: str, floors: Floors | None = None
) -> OperatorRecord:
    """The actor's operator row if its stored role allows the action; else PermissionDenied."""
    operator = identify(session, actor, floors)
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


def grant(desk: Desk, handle: str, role: str, *, actor: Actor) -> OperatorRecord:
    """An admin gives someone a role (on top of any config floor)."""
    if role not in ROLE_RANK:
        raise UsageError(
            f"unknown role {role!r}", "bad_role", value=role, allowed="operator, lead, admin"
        )
    with desk.transaction() as session:
        require(session, actor, "grant", desk.floors)
        account_store.ensure_operator(session, handle=handle, display_name=handle, role=role)
        return account_store.set_operator_role(session, handle=handle, role=role)


def revoke(desk: Desk, handle: str, *, actor: Actor) -> OperatorRecord:
    """An admin takes someone's access away; a config-listed id must leave the config."""
    with desk.transaction() as session:
        require(session, actor, "grant", desk.floors)
        if handle in desk.floors:
            raise UsageError(f"{handle} is in the config", "revoke_listed", user=handle)
        if account_store.get_operator(session, handle=handle) is None:
            raise UsageError(f"{handle} has no role", "revoke_unknown", user=handle)
        return account_store.set_operator_role(session, handle=handle, role=REVOKED)
