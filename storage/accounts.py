"""Accounts (账号) and operators: created on first sight, looked up by code or handle."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.errors import InvalidValue, NotFound
from storage.models import ROLES, AccountRow, Operator
from storage.records import OperatorRecord, operator_record
from storage.sqlutil import insert_ignore
from storage.types import require_choice

logger = logging.getLogger(__name__)


def ensure_account(session: Session, *, code: str, name: str, city: str = "") -> int:
    """Id of the account with this code, created or updated to the given name and city."""
    code = code.strip().upper()
    if not code:
        raise InvalidValue("account code must not be empty")
    insert_ignore(session, AccountRow, {"code": code, "name": name, "city": city}, ["code"])
    account = session.scalars(select(AccountRow).where(AccountRow.code == code)).one()
    # The configuration is the source of truth for names, so a rename there sticks.
    account.name, account.city = name, city
    session.flush()
    return account.id


def get_account_id(session: Session, *, code: str) -> int:
    """Id of the account with this code; NotFound if there is none."""
    account_id = session.scalar(
        select(AccountRow.id).where(AccountRow.code == code.strip().upper())
    )
    if account_id is None:
        raise NotFound(f"no account with code {code!r}")
    return account_id


def find_account_id(session: Session, *, code: str) -> int | None:
    """Id of the account with this code, or None."""
    return session.scalar(select(AccountRow.id).where(AccountRow.code == code.strip().upper()))


def any_operator(session: Session) -> bool:
    """Whether any operator exists yet."""
    return session.scalar(select(Operator.id).limit(1)) is not None


def ensure_operator(session: Session, *, handle: str, display_name: str, role: str) -> int:
    """Id of the operator with this handle; role applies only when it is created."""
    require_choice(role, ROLES, "role")
    if not handle.strip():
        raise InvalidValue("operator handle must not be empty")
    values = {"handle": handle, "display_name": display_name, "role": role}
    insert_ignore(session, Operator, values, ["handle"])
    operator = session.scalars(select(Operator).where(Operator.handle == handle)).one()
    # Display names follow the front-end; roles are granted explicitly (set_operator_role).
    operator.display_name = display_name
    session.flush()
    return operator.id


def get_operator(session: Session, *, handle: str) -> OperatorRecord | None:
    """The operator with this handle, or None."""
    row = session.scalars(select(Operator).where(Operator.handle == handle)).one_or_none()
    return operator_record(row) if row else None


def get_operator_role(session: Session, *, handle: str) -> str | None:
    """Role of the operator with this handle, or None for a stranger."""
    return session.scalar(select(Operator.role).where(Operator.handle == handle))


def set_operator_role(session: Session, *, handle: str, role: str) -> OperatorRecord:
    """Change an operator's role; NotFound for an unknown handle."""
    require_choice(role, ROLES, "role")
    row = session.scalars(select(Operator).where(Operator.handle == handle)).one_or_none()
    if row is None:
        raise NotFound(f"no operator with handle {handle!r}")
    row.role = role
    session.flush()
    return operator_record(row)


def operator_names(session: Session, *, ids: Iterable[int]) -> dict[int, str]:
    """Display names of these operators, by id."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Operator.id, Operator.display_name).where(Operator.id.in_(wanted))
    )
    return {operator_id: name for operator_id, name in rows}
