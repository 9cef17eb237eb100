"""Editing scripts and waiting uploads as use cases, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.config import Config
from bot.desk import Actor, Desk, inquiries, script_edits, script_uploads
from bot.desk.access import grant, identify
from bot.desk.dialogues import DialogueMoved
from bot.desk.library import read_library
from bot.desk.scripts import ScriptConflict
from bot.errors import UsageError
from bot.telegram.keyboards import script_ref
from bot.texts import error_text
from replies.errors import LibraryError
from replies.library import parse_script
from storage import scripts as script_store

LI, WANG = Actor("terminal:li", "li"), Actor("terminal:wang", "wang")
FROG = {
    "category": "price",
    "triggers": ["青蛙包场多少钱", "青蛙包场怎么收费", "青蛙包场报价"],
    "replies": ["青蛙甲{{ hook }}", "青蛙乙，{{ hook }}", "青蛙丙～{{ hook }}"],
    "hooks": ["青蛙报价单"],
}


def open_desk(db_url: str) -> Desk:
    desk = Desk.open(Config(database_url=db_url), warm=False)
    with desk.transaction() as session:
        identify(session, LI)  # the first one is admin
    grant(desk, WANG.handle, "lead", actor=LI)
    return desk


def count(desk: Desk) -> int:
    with desk.transaction() as session:
        return script_store.count_scripts(session)


def test_preview_create_edit_conflict_and_card_figures(db_url: str) -> None:
    desk = open_desk(db_url)
    before = count(desk)
    shown = script_edits.preview(desk, FROG, "青蛙包场多少钱", actor=LI)
    assert len(shown.replies) == 3 and all("青蛙" in r.text for r in shown.replies)
    assert all("青蛙报价单" in r.text for r in shown.replies) and count(desk) == before
    assert script_edits.create(desk, FROG, actor=LI).id == "price-1"
    assert script_edits.create(desk, FROG, actor=WANG).id == "price-2"
    with pytest.raises(UsageError, match="exists"):
        script_edits.create(desk, FROG, actor=LI, script_id="price-1")
    with pytest.raises(LibraryError):  # two triggers are too few: refused before any id
        script_edits.create(desk, {**FROG, "triggers": ["a", "b"]}, actor=LI)
    long_id = "x" * 60  # too long for callback data: a button names it by a digest
    script_edits.create(desk, FROG, actor=LI, script_id=long_id)
    assert len(script_ref(long_id)) < 20
    assert script_edits.card(desk, script_ref(long_id), actor=LI).record.id == long_id
    assert count(desk) == before + 3

    add = script_edits.adding("triggers", ["青蛙包场人均", "青蛙包场多少钱"])  # one is there
    saved = script_edits.edit(desk, "price-1", add, version=1, actor=WANG)
    assert saved.version == 2 and saved.data["triggers"][-1] == "青蛙包场人均"
    assert len(saved.data["triggers"]) == 4
    with pytest.raises(ScriptConflict) as caught:
        script_edits.edit(desk, "price-1", script_edits.setting_variant(1, "晚了{{ hook }}"),
                          version=1, actor=LI)  # fmt: skip
    assert "wang" in error_text("zh", caught.value) and "triggers" in error_text("zh", caught.value)
    with pytest.raises(UsageError):
        script_edits.edit(desk, "price-1", script_edits.setting_variant(9, "x"), version=2,
                          actor=LI)  # fmt: skip
    third = script_edits.edit(desk, "price-1", script_edits.removing_trigger("1"), version=2,
                              actor=LI)  # fmt: skip
    assert third.data["triggers"] == ["青蛙包场怎么收费", "青蛙包场报价", "青蛙包场人均"]
    with pytest.raises(LibraryError):  # two left would be too few
        script_edits.edit(desk, "price-1", script_edits.removing_trigger("青蛙包场人均"),
                          version=3, actor=LI)  # fmt: skip
    assert script_edits.card(desk, "price-1", actor=LI).record.version == 3

    result = inquiries.handle(desk, "多少钱", actor=LI, account="TJ")
    answered = result.suggestion.script_id
    assert answered is not None
    inquiries.mark_used(desk, result.suggestion_ids[0], actor=LI)
    card = script_edits.card(desk, answered, actor=LI)
    assert (card.suggested, card.used) == (3, 1)
    assert (script_edits.card(desk, "price-2", actor=LI).suggested) == 0


def test_an_upload_waits_in_the_database_and_a_change_meanwhile_refuses_it(db_url: str) -> None:
    desk = open_desk(db_url)
    with desk.transaction() as session:
        library = list(read_library(session).scripts)
    new = parse_script({"id": "upload-new", **FROG}, "upload.csv")
    plan, version = script_uploads.stage(desk, [*library, new], file="up.csv", actor=LI, chat_id=7)
    assert [s.id for s in plan.added] == ["upload-new"] and version == 1
    script_edits.create(desk, FROG, actor=WANG, script_id="upload-new")  # before Confirm
    with pytest.raises(ScriptConflict) as caught:
        script_uploads.confirm(desk, actor=LI, chat_id=7, version=1)
    assert caught.value.code == "script_created" and "wang" in error_text("zh", caught.value)
    with pytest.raises(DialogueMoved):  # the refused upload is over
        script_uploads.confirm(desk, actor=LI, chat_id=7, version=1)

    changed = parse_script({"id": "upload-new", **FROG, "tags": ["新"]}, "upload.csv")
    plan, version = script_uploads.stage(desk, [*library[1:], changed], file="up.csv", actor=LI,
                                         chat_id=7)  # fmt: skip
    assert len(plan.changed) == 1 and [r.id for r in plan.retired] == [library[0].id]
    assert script_uploads.stage(desk, [*library, new], file="same", actor=LI, chat_id=8)[1] == 0
    script_uploads.confirm(desk, actor=LI, chat_id=7, version=version)
    with desk.transaction() as session:
        assert script_store.get_script(session, script_id="upload-new").data["tags"] == ["新"]
        assert script_store.get_script(session, script_id=library[0].id).status == "retired"
