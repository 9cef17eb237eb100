"""Live reload in one process: a saved change is answered with, an inquiry in flight is whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Config
from bot.desk import Actor, Desk, inquiries, reload, scripts
from bot.desk.access import identify
from storage import usage

LEAD = Actor("terminal:lead", "lead")
SCRIPT = "tj-price-general-dm"
NEW = "{您好|你好|哈喽}，新的报价回复{：|～}{{ hook }}{马上|这就|稍后}发您"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """One SQLite desk for the module, following the library in the foreground."""
    path = Path(tmp_path_factory.mktemp("reload")) / "db.sqlite"
    opened = Desk.open(Config(database_url=f"sqlite:///{path}"))
    opened.reloading.background = False
    with opened.transaction() as session:
        identify(session, LEAD)  # the first operator: admin
    yield opened


def _edit(desk: Desk, **changes: Any) -> None:
    seen = scripts.show(desk, SCRIPT, actor=LEAD)
    scripts.save(desk, SCRIPT, {**seen.data, **changes}, version=seen.version, actor=LEAD)


def test_a_saved_reply_is_answered_with_and_keeps_the_trained_models(desk: Desk) -> None:
    before = desk.engine
    models = dict(before._models)
    _edit(desk, replies=[NEW, NEW + "～", NEW + "！"])
    result = inquiries.handle(desk, "团建多少钱", actor=LEAD, account="TJ")
    assert result.suggestion.script_id == SCRIPT
    assert all("新的报价回复" in r.text for r in result.suggestion.replies)
    with desk.transaction() as session:  # each suggestion keeps its hook (for attribution)
        shown = usage.suggestions_of(session, inquiry_id=result.inquiry_id)
    assert {s.hook for s in shown} == {result.suggestion.hook} and result.suggestion.hook
    assert desk.engine is not before and desk.engine.library.by_id[SCRIPT].replies[0] == NEW
    assert all(desk.engine._models[k] is m for k, m in models.items())  # no retraining
    parsed = desk.reloading.parsed
    assert parsed[SCRIPT][0] == 2 and len(parsed) == len(desk.engine.library.scripts)


def test_an_inquiry_in_flight_answers_whole_from_the_engine_it_started_with(desk: Desk) -> None:
    old = desk.engine
    classify = old.classify

    def classify_then_retire(*args: Any, **kwargs: Any) -> Any:
        found = classify(*args, **kwargs)
        scripts.set_status(desk, SCRIPT, "retired", actor=LEAD)  # another process, meanwhile
        reload.rebuild(desk)  # ... and this process's background swap lands now
        return found

    old.classify = classify_then_retire  # type: ignore[method-assign]
    try:
        result = inquiries.handle(desk, "团建多少钱", actor=LEAD, account="TJ")
    finally:
        del old.classify
    assert SCRIPT not in desk.engine.library.by_id  # swapped while the inquiry ran
    assert result.suggestion.script_id == SCRIPT and len(result.suggestion.replies) == 3
    after = inquiries.handle(desk, "团建多少钱", actor=LEAD, account="TJ")
    assert after.suggestion.script_id != SCRIPT and after.suggestion.replies
    scripts.set_status(desk, SCRIPT, "active", actor=LEAD)


def test_a_background_rebuild_swaps_and_learned_examples_survive(desk: Desk) -> None:
    from bot.desk import examples

    first = inquiries.handle(desk, "有没有发票", actor=LEAD, account="TJ")
    examples.correct(desk, first.inquiry_id, "case_study", actor=LEAD)
    desk.reloading.background = True
    try:
        _edit(desk, tags=["报价", "新"])
        inquiries.handle(desk, "团建多少钱", actor=LEAD, account="TJ")
        assert desk.reloading.done.wait(60)
    finally:
        desk.reloading.background = False
    assert desk.engine.library.by_id[SCRIPT].tags == ("报价", "新")
    again = inquiries.handle(desk, "有没有发票", actor=LEAD, account="TJ")
    assert again.suggestion.classification.category == "case_study"
