"""Learning from corrections: stored, counted from the next inquiry, in every desk, undone."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.desk import Desk, inquiries
from bot.desk import examples as example_cases
from bot.errors import PermissionDenied, UsageError
from bot.evalfile import EvalFileError
from bot.texts import error_text
from replies.engine import Engine
from replies.library import load_library
from storage import examples as example_store
from tests.bot.desk_fixtures import ALICE, BOB, make_desk, with_role

LIBRARY = load_library()
TEXT = "多少钱"  # the library calls it price


def fresh_desk(sessions: sessionmaker[Session]) -> Desk:
    """A desk with an engine of its own: learning must not leak between tests."""
    return make_desk(sessions, Engine(LIBRARY))


def category(desk: Desk, text: str = TEXT) -> str | None:
    result = inquiries.handle(desk, text, actor=ALICE, account="TJ")
    return result.suggestion.classification.category


def stored(desk: Desk) -> int:
    with desk.transaction() as session:
        return len(example_store.list_examples(session))


def test_a_correction_counts_from_the_next_inquiry_in_every_desk(sessions) -> None:
    first, second = fresh_desk(sessions), fresh_desk(sessions)
    assert category(second) == "price"  # second has loaded the (empty) examples already
    wrong = inquiries.handle(first, TEXT, actor=ALICE, account="TJ")
    fixed = example_cases.correct(first, wrong.inquiry_id, "案例", actor=ALICE)
    assert fixed.example.category == "case_study" and fixed.example.source == "correction"
    assert fixed.result.suggestion.classification.category == "case_study"
    assert fixed.result.suggestion.script_id.startswith("tj-case")
    assert category(first) == "case_study"
    assert category(second) == "case_study"  # another process, same database
    assert category(fresh_desk(sessions)) == "case_study"  # a desk started later
    with_role(first, BOB, "lead")
    example_cases.remove_example(first, fixed.example.id, actor=BOB)
    assert category(first) == "price"
    assert category(second) == "price"
    assert stored(first) == 0


def test_an_unknown_category_is_refused_and_nothing_stored(sessions) -> None:
    desk = fresh_desk(sessions)
    inquiry = inquiries.handle(desk, TEXT, actor=ALICE, account="TJ")
    with pytest.raises(UsageError) as caught:
        example_cases.correct(desk, inquiry.inquiry_id, "报价啦", actor=ALICE)
    assert caught.value.code == "bad_category"
    assert "价格" in error_text("zh", caught.value) and "报价啦" in error_text("zh", caught.value)
    assert "price" in error_text("en", caught.value)
    assert stored(desk) == 0
    assert category(desk) == "price"


def test_an_operator_may_correct_but_not_import_or_remove(sessions, tmp_path: Path) -> None:
    desk = fresh_desk(sessions)
    inquiry = inquiries.handle(desk, TEXT, actor=ALICE, account="TJ")
    fixed = example_cases.correct(desk, inquiry.inquiry_id, "logistics", actor=ALICE)
    labelled = tmp_path / "x.tsv"
    labelled.write_text("text\tcategory\n能开发票吗\tlogistics\n", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        example_cases.import_examples(desk, labelled, actor=ALICE)
    with pytest.raises(PermissionDenied):
        example_cases.remove_example(desk, fixed.example.id, actor=ALICE)
    assert stored(desk) == 1


def test_a_corrected_multi_line_inquiry_exports_as_one_masked_row(sessions, tmp_path: Path) -> None:
    desk = fresh_desk(sessions)
    inquiry = inquiries.handle(desk, "多少钱\t一位\r\n我电话13812345678", actor=ALICE, account="TJ")
    example_cases.correct(desk, inquiry.inquiry_id, "price", actor=ALICE)
    out = tmp_path / "out.tsv"
    with_role(desk, BOB, "lead")
    assert example_cases.export_examples(desk, out, actor=BOB) == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "多少钱 一位 我电话138****5678\tprice\tTJ"


def test_import_list_flags_and_counts(sessions, tmp_path: Path) -> None:
    desk = fresh_desk(sessions)
    lead = with_role(desk, BOB, "lead")
    labelled = tmp_path / "x.tsv"
    rows = "text\tcategory\taccount\n多少钱\tcase_study\tTJ\n有没有发票\tlogistics\t\n"
    labelled.write_text(rows, encoding="utf-8")
    done = example_cases.import_examples(desk, labelled, actor=lead)
    assert [e.account_code for e in done.examples] == ["TJ", None]
    assert example_cases.import_examples(desk, labelled, actor=lead).skipped == 2
    listing = example_cases.list_examples(desk, actor=ALICE)
    assert listing.counts == {"case_study": 1, "logistics": 1}
    assert [row.clashes for row in listing.rows] == [("price",), ()]
    only = example_cases.list_examples(desk, actor=ALICE, category="细节")
    assert [row.record.text for row in only.rows] == ["有没有发票"]
    assert category(desk) == "case_study"


def test_a_bad_file_is_refused_whole(sessions, tmp_path: Path) -> None:
    desk = fresh_desk(sessions)
    bad = tmp_path / "bad.tsv"
    bad.write_text("text\tcategory\n能开发票吗\tlogistics\n在吗\tnope\n", encoding="utf-8")
    with pytest.raises(EvalFileError, match="line 3: unknown category"):
        example_cases.import_examples(desk, bad, actor=with_role(desk, BOB, "lead"))
    assert stored(desk) == 0


def test_half_imported_trains_on_the_first_half_and_scores_the_second() -> None:
    from bot.evalcv import half_lines
    from replies.evaluation import LabelledInquiry

    rows = [LabelledInquiry(f"t{n}", "a" if n < 3 else "b", None, {}) for n in range(6)]
    seen: list[list[str]] = []

    def trainer(train):
        seen.append([row.text for row in train])
        return lambda text, account: ["b", "a"]

    lines = half_lines(rows, [("fake", trainer)], "en")
    assert seen == [["t0", "t1", "t2"]]
    assert "top-1 100.0% (3/3)" in lines[1] and "(3 rows), second half scored (3 rows)" in lines[0]
    assert (
        half_lines(rows, [("fake", trainer)], "zh")[1]
        == "  fake 首位 100.0%（3/3），前三 100.0%（3/3）"
    )
