"""Clue numbers: the format, the daily sequence per account, and no gaps on failure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage.clues import DEFAULT_CLUE_FORMAT, format_clue, validate_clue_format
from storage.errors import ClueFormatError, InvalidValue
from storage.leads import add_lead, list_leads
from tests.storage.conftest import DAY, NOW, World


@pytest.mark.parametrize(
    "fmt",
    [DEFAULT_CLUE_FORMAT, "{account}{date:%y%m%d}{seq:04d}", "线索-{account}-{date}-{seq}"],
)
def test_good_formats_pass(fmt: str) -> None:
    validate_clue_format(fmt)


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("{account}-{date:%Y%m%d}-{seq:03d}-{operator}", "unknown placeholder {operator}"),
        ("{acount}-{date}-{seq}", "unknown placeholder {acount}"),
        ("{account.lower}-{date}-{seq}", "unknown placeholder {account.lower}"),
        ("{}-{date}-{seq}", "unknown placeholder {} (positional)"),
        ("{account-{date}-{seq}", "is malformed"),
        ("{account}-{seq}", "lacks {date}"),
        ("{date}", "lacks {account}, {seq}"),
        ("{account}-{date}-{seq:%Y}", "cannot be rendered"),
        ("{account}-{date:00d}-{seq}", "does not show the {date} value"),
    ],
)
def test_bad_formats_name_the_problem(fmt: str, message: str) -> None:
    with pytest.raises(ClueFormatError) as caught:
        validate_clue_format(fmt)
    assert message in str(caught.value)


def test_default_format() -> None:
    assert format_clue(DEFAULT_CLUE_FORMAT, account="TJ", day=DAY, seq=7) == "TJ-20261128-007"
    assert format_clue(DEFAULT_CLUE_FORMAT, account="TJ", day=DAY, seq=1234) == "TJ-20261128-1234"


def test_sequence_runs_per_account_and_local_day(world: World) -> None:
    next_day = DAY + timedelta(days=1)
    clues = [
        world.lead("TJ").clue_number,
        world.lead("TJ").clue_number,
        world.lead("MZ").clue_number,
        world.lead("TJ", local_day=next_day).clue_number,
        world.lead("TJ").clue_number,
    ]
    assert clues == [
        "TJ-20261128-001",
        "TJ-20261128-002",
        "MZ-20261128-001",
        "TJ-20261129-001",
        "TJ-20261128-003",
    ]


def test_a_lead_that_fails_after_numbering_leaves_no_gap(world: World) -> None:
    world.lead()
    # operator 9999 does not exist: the foreign key fails after the number was allocated.
    with pytest.raises(InvalidValue, match="cannot store lead TJ-20261128-002"):
        world.lead(operator_id=9999)
    assert world.lead().clue_number == "TJ-20261128-002"
    _assert_seqs(world, [1, 2])


def test_a_transaction_rolled_back_by_the_caller_returns_its_number(world: World) -> None:
    with pytest.raises(RuntimeError), world.sessions.begin() as session:
        add_lead(
            session, account_id=world.tj, account_code="TJ", local_day=DAY,
            now=NOW, clue_format=DEFAULT_CLUE_FORMAT,
        )  # fmt: skip
        raise RuntimeError("the front-end failed before the transaction ended")
    assert world.lead().clue_number == "TJ-20261128-001"


def test_bad_format_is_refused_before_a_number_is_taken(world: World) -> None:
    with pytest.raises(ClueFormatError, match=r"unknown placeholder \{x\}"):
        world.lead(clue_format="{account}-{date}-{seq}-{x}")
    assert world.lead().seq == 1


def _assert_seqs(world: World, expected: list[int], day: date = DAY) -> None:
    with world.sessions.begin() as session:
        leads = list_leads(session, account_id=world.tj, day_from=day, day_to=day)
    assert [lead.seq for lead in leads] == expected


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("{account}-{date:%Y%m%d}-{seq:070d}", "{seq:070d} is too wide; {seq} may be at most 9"),
        ("{account}-{date:%Y%m%d}-{seq:0100000000d}", "{seq:0100000000d} is too wide"),
        ("{account}-{date:%Y%m%d}-{seq:>10}", "{seq:>10} is too wide"),
        ("{account:>65}-{date}-{seq}", "{account:>65} is too wide; {account} may be at most 64"),
        ("{account:.99999999999999999999}-{date}-{seq}", "is too wide"),
        ("{account}-{date:%0100000000Y}-{seq}", "{date:%0100000000Y} is too wide"),
        ("{account}-{date}-{seq:{account}}", "{seq} has a nested placeholder"),
        ("{account:>50}-{date}-{seq}", "clue numbers of up to 67 characters"),
        ("x" * 100_000 + "{account}{date}{seq}", "clue numbers of up to 100027 characters"),
    ],
)
def test_formats_too_wide_for_a_clue_number_are_refused(fmt: str, message: str) -> None:
    with pytest.raises(ClueFormatError) as caught:
        validate_clue_format(fmt)
    assert message in str(caught.value) and len(str(caught.value)) < 400


@pytest.mark.parametrize("fmt", ["{account}-{date:%Y%m%d}-{seq:09d}", "{account:>12}{date}{seq}"])
def test_the_widest_allowed_formats_still_number_leads(world: World, fmt: str) -> None:
    validate_clue_format(fmt)
    assert len(world.lead(clue_format=fmt).clue_number) <= 64
