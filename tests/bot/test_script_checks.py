"""Validation on save and import: synonym syntax, comment safety; a refused save stores nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Config
from bot.desk import Actor, Desk, scripts
from bot.desk.access import identify
from bot.desk.script_import import plan_import
from bot.texts import error_text
from replies.errors import LibraryError
from replies.scriptcheck import synonym_problem
from storage import examples as stamp_store
from storage import scripts as script_store

LEAD = Actor("terminal:lead", "lead")
COMMENT = "tj-greeting-comment"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("{您好|你好}，{{ hook }}发您", None),
        ("{% if city %}{{ city }}{% endif %}{可以|行}", None),
        ("{您好|你好，发您", "never closed"),
        ("您好|你好}，发您", "without its '{'"),
        ("{您好||你好}，发您", "empty choice"),
        ("{您好|{你好|哈喽}}", "inside another"),
        ("{您好}，发您", "two choices"),
    ],
)
def test_synonym_syntax(source: str, problem: str | None) -> None:
    found = synonym_problem(source)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_bad_variants_are_refused_with_the_reason_and_nothing_is_stored(tmp_path: Path) -> None:
    desk = Desk.open(Config(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}"))
    with desk.transaction() as session:
        identify(session, LEAD)
        stamp = stamp_store.read_stamp(session, name="scripts")
    seen = scripts.show(desk, COMMENT, actor=LEAD)
    unsafe = [*seen.data["replies"][:2], "{您好|你好}，加微信聊～"]
    with pytest.raises(LibraryError) as caught:
        scripts.save(desk, COMMENT, {**seen.data, "replies": unsafe}, version=seen.version,
                     actor=LEAD)  # fmt: skip
    values = caught.value.values
    assert values["field"] == "replies[3]" and "微信" in str(values["word"])
    assert COMMENT in error_text("zh", caught.value) and "微信" in error_text("zh", caught.value)
    hooked = {**seen.data, "hooks": ["VX领方案"]}
    with pytest.raises(LibraryError, match=r"hooks\[1\]"):
        scripts.save(desk, COMMENT, hooked, version=seen.version, actor=LEAD)
    broken = [*seen.data["replies"][:2], "{您好|你好，欢迎"]
    with pytest.raises(LibraryError, match="never closed") as unclosed:
        scripts.save(desk, COMMENT, {**seen.data, "replies": broken}, version=seen.version,
                     actor=LEAD)  # fmt: skip
    chinese = error_text("zh", unclosed.value)
    assert chinese == f"出错了：话术 {COMMENT} 的 replies[3]：有「{{」没有闭合，未保存"
    english = error_text("en", unclosed.value)
    assert english.endswith(
        f"Script {COMMENT}: replies[3] has a '{{' that is never closed; not saved"
    )
    library = desk.engine.library
    bad = replace(library.by_id[COMMENT], replies=tuple(unsafe))
    with pytest.raises(LibraryError, match="微信"):  # an import, whoever read the file
        plan_import(desk, [bad if s.id == COMMENT else s for s in library.scripts], actor=LEAD)
    with desk.transaction() as session:
        assert script_store.get_script(session, script_id=COMMENT).version == seen.version
        assert stamp_store.read_stamp(session, name="scripts") == stamp
    dm = {**seen.data, "channel": "dm", "replies": unsafe}  # in a DM the word may stay
    assert scripts.save(desk, COMMENT, dm, version=seen.version, actor=LEAD).version == 2
