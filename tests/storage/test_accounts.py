"""Accounts and operators: created once, looked up by code or handle."""

from __future__ import annotations

import pytest

from storage.accounts import (
    ensure_account,
    ensure_operator,
    get_account_id,
    get_operator,
    get_operator_role,
    set_operator_role,
)
from storage.errors import InvalidValue, NotFound
from tests.storage.conftest import World


def test_ensure_account_is_idempotent_and_follows_renames(world: World) -> None:
    with world.sessions.begin() as session:
        again = ensure_account(session, code="tj", name="团建北京", city="天津")
        looked_up = get_account_id(session, code="TJ")
    assert again == looked_up == world.tj
    with world.sessions.begin() as session, pytest.raises(NotFound, match="'XX'"):
        get_account_id(session, code="XX")


def test_ensure_operator_keeps_a_granted_role(world: World) -> None:
    with world.sessions.begin() as session:
        set_operator_role(session, handle="terminal:alice", role="lead")
        again = ensure_operator(
            session, handle="terminal:alice", display_name="Alice W", role="operator"
        )
        record = get_operator(session, handle="terminal:alice")
    assert again == world.alice
    assert record is not None and (record.role, record.display_name) == ("lead", "Alice W")


def test_roles_of_strangers_and_unknown_roles(world: World) -> None:
    with world.sessions.begin() as session:
        assert get_operator_role(session, handle="tg:12345") is None
        assert get_operator_role(session, handle="terminal:alice") == "operator"
        with pytest.raises(InvalidValue, match="unknown role 'boss'"):
            ensure_operator(session, handle="tg:1", display_name="x", role="boss")
        with pytest.raises(NotFound, match="tg:404"):
            set_operator_role(session, handle="tg:404", role="admin")
