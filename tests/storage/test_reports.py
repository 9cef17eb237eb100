"""Summary counts: inquiries by category, leads by account, status, operator, day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.errors import InvalidValue
from storage.leads import set_status
from storage.reports import counts_by_category, lead_counts
from storage.usage import log_inquiry
from tests.storage.conftest import DAY, NOW, World


def _inquiry(world: World, account: int, category: str, hours: float) -> None:
    with world.sessions.begin() as session:
        log_inquiry(
            session, account_id=account, operator_id=None, channel="dm", text="…",
            category=category, script_id=None, score=60, confident=True,
            local_day=DAY, now=NOW + timedelta(hours=hours),
        )  # fmt: skip


def test_inquiries_per_category_in_a_half_open_window(world: World) -> None:
    for category, hours in (("price", 0), ("price", 1), ("invalid", 2), ("price", 24)):
        _inquiry(world, world.tj, category, hours)
    _inquiry(world, world.mz, "price", 1)
    until = NOW + timedelta(hours=24)
    with world.sessions.begin() as session:
        tj = counts_by_category(session, since=NOW, until=until, account_id=world.tj)
        everyone = counts_by_category(session, since=NOW, until=until)
    assert tj == {"price": 2, "invalid": 1}
    assert everyone == {"price": 3, "invalid": 1}


def test_lead_counts_by_account_status_operator_and_day(world: World) -> None:
    world.lead(operator_id=world.alice)
    world.lead()
    world.lead("MZ")
    won = world.lead(local_day=DAY + timedelta(days=1)).clue_number
    with world.sessions.begin() as session:
        set_status(session, clue_number=won, status="won", operator_id=None, now=NOW)
        args = {"day_from": DAY, "day_to": DAY + timedelta(days=1)}
        by_account = lead_counts(session, **args)
        by_status = lead_counts(session, **args, account_id=world.tj, by="status")
        by_operator = lead_counts(session, **args, by="operator")
        by_day = lead_counts(session, **args, by="day")
        first_day = lead_counts(session, day_from=DAY, day_to=DAY)
    assert by_account == {"TJ": 3, "MZ": 1}
    assert by_status == {"new": 2, "won": 1}
    assert by_operator == {"terminal:alice": 1, "": 3}
    assert by_day == {"2026-11-28": 3, "2026-11-29": 1}
    assert first_day == {"TJ": 2, "MZ": 1}


def test_lead_counts_by_an_unknown_key(world: World) -> None:
    with world.sessions.begin() as session, pytest.raises(InvalidValue, match="by 'colour'"):
        lead_counts(session, day_from=DAY, day_to=DAY, by="colour")
