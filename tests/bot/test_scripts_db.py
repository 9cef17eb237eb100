"""The engine reads the database's library; the files only seed it, once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.config import Config
from bot.desk import Desk
from bot.desk.library import data_of, script_of
from replies.library import load_library
from storage import examples as stamp_store
from storage import scripts as script_store

SMALL = """
[[script]]
id = "only-one"
category = "price"
accounts = "all"
channel = "dm"
triggers = ["多少钱", "怎么收费", "报价多少"]
replies = ["您好，{{ hook }}发您", "价格看人数，{{ hook }}", "留个电话发您{{ hook }}"]
hooks = ["报价单"]
"""


def open_desk(db_url: str, **kwargs: object) -> Desk:
    return Desk.open(Config(database_url=db_url, **kwargs))  # type: ignore[arg-type]


def test_first_start_imports_the_bundled_library_once(db_url: str) -> None:
    desk = open_desk(db_url)
    bundled = load_library()
    assert [s.id for s in desk.engine.library.scripts] == sorted(s.id for s in bundled.scripts)
    with desk.transaction() as session:
        stored = script_store.list_scripts(session)
        assert {r.source for r in stored} == {"bundled"} and {r.version for r in stored} == {1}
        assert stamp_store.read_stamp(session, name="scripts") == 1
    one = bundled.scripts[0]
    assert data_of(script_of(next(r for r in stored if r.id == one.id))) == data_of(one)
    again = open_desk(db_url, library_paths=(Path("/nonexistent"),))  # files are only a seed
    assert len(again.engine.library.scripts) == len(bundled.scripts)
    assert again.scripts_stamp == 1


def test_a_configured_library_seeds_and_answers(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "lib.toml").write_text(SMALL, encoding="utf-8")
    desk = open_desk(db_url, library_paths=(tmp_path / "lib.toml",))
    assert [s.id for s in desk.engine.library.scripts] == ["only-one"]
    with desk.transaction() as session:
        assert script_store.get_script(session, script_id="only-one").source == "file"
    best = desk.engine.classify("多少钱呀", account="TJ", channel="dm").best
    assert best is not None and best.script_id == "only-one"


def test_a_save_from_an_old_version_is_a_conflict_showing_the_other_change(db_url: str) -> None:
    import pytest

    from bot.desk import Actor, scripts
    from bot.desk.script_import import apply_import, plan_import
    from bot.desk.scripts import ScriptConflict
    from bot.texts import error_text

    desk = open_desk(db_url)
    li, wang = Actor("terminal:li", "li"), Actor("terminal:wang", "wang")
    with desk.transaction() as session:
        from bot.desk.access import identify

        identify(session, li)  # the first one is admin
    from bot.desk.access import grant

    grant(desk, "terminal:wang", "lead", actor=li)
    seen = scripts.show(desk, "tj-price-general-dm", actor=li)
    edited = [replace(s, tags=("李",)) if s.id == seen.id else s for s in load_library().scripts]
    plan = plan_import(desk, edited, actor=li)
    assert [s.id for s, _ in plan.changed] == [seen.id] and not plan.added + plan.retired
    mine = {**seen.data, "tags": ["李"]}
    theirs = {**seen.data, "hooks": ["王的报价单"]}
    scripts.save(desk, seen.id, theirs, version=seen.version, actor=wang)
    with pytest.raises(ScriptConflict) as caught:
        scripts.save(desk, seen.id, mine, version=seen.version, actor=li)
    message = error_text("zh", caught.value)
    assert "wang" in message and "hooks" in message and "第 2 版" in message
    with pytest.raises(ScriptConflict):  # an import previewed before wang's change
        apply_import(desk, plan, actor=li)
    with desk.transaction() as session:
        now = script_store.get_script(session, script_id=seen.id)
        assert now.version == 2 and now.data["hooks"] == ["王的报价单"]
        assert script_store.count_scripts(session) == len(load_library().scripts)
        assert stamp_store.read_stamp(session, name="scripts") == 2
