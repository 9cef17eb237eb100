"""Proposals, candidate triggers and custom categories as use cases, on both databases."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.desk import Actor, Desk, candidates, categories, proposals, scripts
from bot.desk.library import library_at_start, read_library, script_of
from bot.desk.proposal_drafts import ProposalConflict
from bot.errors import PermissionDenied, UsageError
from bot.texts import error_text
from replies.engine import Engine
from replies.library import Library
from storage import examples as example_store
from storage import scripts as script_store
from storage.db import make_db, make_session_factory
from tests.bot.desk_fixtures import ADMIN, ALICE, BOB, make_desk, with_role
from tests.telegram.botrig import engine as shared_engine

PRICE = "tj-price-general-dm"


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> Desk:
    """A desk on a database seeded with the bundled library; alice operator, bob lead."""
    made = make_desk(sessions, shared_engine())
    library_at_start(sessions, made.config)
    with_role(made, ALICE, "operator")
    with_role(made, BOB, "lead")
    return made


def stamp(desk: Desk) -> int:
    with desk.transaction() as session:
        return example_store.read_stamp(session, name="scripts")


def current(desk: Desk, script_id: str = PRICE) -> script_store.ScriptRecord:
    with desk.transaction() as session:
        return script_store.get_script(session, script_id=script_id)


def test_an_operator_proposes_a_lead_approves_once(desk: Desk) -> None:
    before, seen = stamp(desk), current(desk)
    made = proposals.propose(desk, "trigger", actor=ALICE, script_id=PRICE,
                             texts=["学生团有优惠吗", seen.data["triggers"][0], " "])  # fmt: skip
    assert made.record.payload == {"texts": ["学生团有优惠吗"]}  # known and empty ones dropped
    assert made.record.base_version == seen.version and made.proposer == "alice"
    with pytest.raises(PermissionDenied):
        proposals.approve(desk, made.record.id, actor=ALICE)
    with pytest.raises(PermissionDenied):
        proposals.pending(desk, actor=ALICE)
    assert [p.record.id for p in proposals.pending(desk, actor=BOB)] == [made.record.id]
    done = proposals.approve(desk, made.record.id, actor=BOB)
    assert done.script is not None and done.script.version == seen.version + 1
    assert done.proposal.record.state == "approved" and done.proposal.decider == "bob"
    assert stamp(desk) == before + 1
    with desk.transaction() as session:
        assert "学生团有优惠吗" in read_library(session).by_id[PRICE].triggers
    with pytest.raises(proposals.ProposalDecided) as caught:
        proposals.approve(desk, made.record.id, actor=ADMIN)
    assert "bob" in error_text("zh", caught.value) and "批准" in error_text("zh", caught.value)
    assert current(desk).version == seen.version + 1 and proposals.pending(desk, actor=BOB) == []


def test_additions_apply_to_the_version_of_the_approval(desk: Desk) -> None:
    seen = current(desk)
    made = proposals.propose(desk, "variant", actor=ALICE, script_id=PRICE,
                             texts=["您好～价格看人数和天数，{{ hook }}发您参考"])  # fmt: skip
    scripts.save(desk, PRICE, {**seen.data, "tags": ["改过"]}, version=seen.version, actor=BOB)
    done = proposals.approve(desk, made.record.id, actor=BOB)
    assert done.script is not None and done.script.version == seen.version + 2
    assert done.script.data["tags"] == ["改过"]  # the change in between is kept
    assert done.script.data["replies"][-1].startswith("您好～价格看人数和天数")
    with pytest.raises(Exception) as bad:  # a template that cannot compile is refused at once
        proposals.propose(desk, "variant", actor=ALICE, script_id=PRICE, texts=["{{ oops"])
    assert "replies" in str(bad.value)


def test_a_new_script_whose_id_was_taken_is_a_conflict_and_stays_pending(desk: Desk) -> None:
    made = proposals.propose(
        desk, "script", actor=ALICE, script_id="tj-student", category="价格",
        triggers=["学生价", "学生团多少钱", "学生有折扣吗"], texts=["a{{ hook }}", "b", "c"],
    )  # fmt: skip
    assert made.record.payload["category"] == "price"
    with desk.transaction() as session:
        script_store.add_script(session, script_id="tj-student", data=current(desk).data,
                                source="team", operator_id=None, now=desk.now())  # fmt: skip
    with pytest.raises(ProposalConflict) as caught:
        proposals.approve(desk, made.record.id, actor=BOB)
    assert "tj-student" in error_text("zh", caught.value)
    assert [p.record.id for p in proposals.pending(desk, actor=BOB)] == [made.record.id]
    done = proposals.reject(desk, made.record.id, actor=BOB, reason="已经有了")
    assert (done.proposal.record.state, done.proposal.record.reason) == ("rejected", "已经有了")
    with pytest.raises(UsageError):  # too few triggers
        proposals.propose(desk, "script", actor=ALICE, category="price", triggers=["x"],
                          texts=["a", "b", "c"])  # fmt: skip


def test_a_custom_category_and_a_script_of_it(desk: Desk) -> None:
    with pytest.raises(PermissionDenied):
        categories.add_category(desk, "visa", "签证", actor=BOB)
    for bad_id, label in (("price", "价钱"), ("Visa!", "签证"), ("visa", "价格")):
        with pytest.raises(UsageError):
            categories.add_category(desk, bad_id, label, actor=ADMIN)
    before = stamp(desk)
    categories.add_category(desk, "visa", "签证", actor=ADMIN, label_en="Visa")
    assert stamp(desk) == before + 1
    made = proposals.propose(
        desk, "script", actor=ALICE, category="签证",
        triggers=["签证怎么办", "要办签证吗", "签证多久能下来"],
        texts=["签证我们可以协助办理，{{ hook }}", "签证一般两周，{{ hook }}", "签证材料清单发您"],
    )  # fmt: skip
    assert made.record.script_id == f"visa-p{made.record.id}"
    done = proposals.approve(desk, made.record.id, actor=BOB)
    assert done.script is not None
    with desk.transaction() as session:
        library = read_library(session)
    assert "visa" in library.categories and library.label("visa") == "签证"
    assert library.label("visa", "en") == "Visa"
    small = Library((library.by_id[made.record.script_id], script_of(current(desk))))
    best = Engine(small).classify("请问签证怎么办理", account="TJ").best
    assert best is not None and best.category == "visa"


def test_a_script_may_not_bring_a_category_nobody_added(desk: Desk) -> None:
    from dataclasses import replace

    from bot.desk import script_edits
    from bot.desk.script_import import plan_import

    price = script_of(current(desk))
    typo = replace(price, category="pirce")
    with pytest.raises(UsageError) as refused:
        plan_import(desk, [typo], actor=BOB)
    message = error_text("zh", refused.value)
    assert "没有分类「pirce」（话术 tj-price-general-dm）" in message and "category-add" in message
    seen = current(desk)
    with pytest.raises(UsageError, match="pirce"):
        scripts.save(desk, PRICE, {**seen.data, "category": "pirce"}, version=seen.version,
                     actor=BOB)  # fmt: skip
    with pytest.raises(UsageError, match="pirce"):
        script_edits.create(desk, {**seen.data, "category": "pirce"}, actor=BOB)
    assert current(desk).version == seen.version and current(desk).data == seen.data
    categories.add_category(desk, "pirce", "比价", actor=ADMIN)
    assert plan_import(desk, [typo], actor=BOB).changed[0][0].category == "pirce"


def test_two_processes_approving_at_once_apply_once(desk: Desk, db_url: str) -> None:
    made = proposals.propose(desk, "trigger", actor=ALICE, script_id=PRICE, texts=["团购价多少"])
    seen = current(desk)
    others = [Desk(desk.config, desk.engine, make_session_factory(make_db(db_url)))
              for _ in range(2)]  # fmt: skip
    start, outcomes = threading.Barrier(2), []

    def approve(other: Desk, who: Actor) -> None:
        start.wait()
        try:
            outcomes.append(proposals.approve(other, made.record.id, actor=who).script)
        except proposals.ProposalDecided as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=approve, args=pair) for pair in zip(others, (BOB, ADMIN))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["ProposalDecided", "ScriptRecord"]
    after = current(desk)
    assert after.version == seen.version + 1 and after.data["triggers"].count("团购价多少") == 1


def test_candidate_triggers_and_promote(desk: Desk) -> None:
    with desk.transaction() as session:
        tj = desk.account_id(session, "TJ")
        for text, category in (
            ("学生团能便宜吗", "price"),
            ("学生团能便宜吗", "price"),
            ("多少钱", "price"),
            ("有案例吗给看看", "case_study"),
        ):
            example_store.add_example(session, account_id=tj, text=text, normalized=text,
                                      category=category, operator_id=None, source="correction",
                                      now=desk.now())  # fmt: skip
    found = candidates.candidates(desk, actor=BOB, category="价格")
    assert [c.example.text for c in found] == ["学生团能便宜吗"]  # 多少钱 is a trigger already
    with desk.transaction() as session:
        prices = [s for s in script_store.list_scripts(session, category="price")
                  if s.data["accounts"] is None or "TJ" in s.data["accounts"]]  # fmt: skip
    most = max(len(s.data["triggers"]) for s in prices)
    assert len(current(desk, found[0].script_id or "").data["triggers"]) == most
    with pytest.raises(PermissionDenied):
        candidates.promote(desk, found[0].example.id, actor=ALICE)
    saved = candidates.promote(desk, found[0].example.id, actor=BOB)
    assert saved.data["triggers"][-1] == "学生团能便宜吗" and saved.id == found[0].script_id
    assert candidates.candidates(desk, actor=BOB, category="price") == []
    other = candidates.candidates(desk, actor=BOB)[0]
    with pytest.raises(UsageError):  # a script of another category
        candidates.promote(desk, other.example.id, actor=BOB, script_id=PRICE)


def test_reviewers_are_the_listed_and_granted_leads_and_admins(desk: Desk) -> None:
    config = Config(admins=(6,), leads=(5,), operators=(7,))
    listed = Desk(config, desk.engine, desk.sessions)
    with_role(listed, Actor("tg:8", "granted"), "lead")
    with_role(listed, Actor("tg:9", "gone"), "none")
    assert proposals.reviewers(listed) == [5, 6, 8]
    assert proposals.reviewers(listed, but="tg:5") == [6, 8]


def test_the_dialogue_for_a_new_script_checks_each_step(desk: Desk) -> None:
    from bot.desk import proposal_dialogue as dialogue

    with pytest.raises(UsageError):  # the id of an existing script
        dialogue.begin(desk, actor=ALICE, chat_id=7, kind="script", script_id=PRICE)
    first = dialogue.begin(desk, actor=ALICE, chat_id=7, kind="script", script_id="tj-visa")
    assert first.step == "category"
    with pytest.raises(UsageError):
        dialogue.answer(desk, actor=ALICE, chat_id=7, text="不存在的分类")
    assert dialogue.answer(desk, actor=ALICE, chat_id=7, text="价格").step == "triggers"
    with pytest.raises(UsageError):  # the triggers step wants three
        dialogue.answer(desk, actor=ALICE, chat_id=7, text="学生价")
    texts = dialogue.answer(desk, actor=ALICE, chat_id=7, text="学生价\n学生团多少钱\n学生折扣")
    confirm = dialogue.answer(desk, actor=ALICE, chat_id=7, text="a{{ hook }}\nb\nc")
    assert (texts.step, confirm.step) == ("texts", "confirm")
    made = dialogue.submit(desk, actor=ALICE, chat_id=7, version=confirm.version)
    assert (made.record.kind, made.record.script_id) == ("script", "tj-visa")
    assert made.record.payload["triggers"] == ["学生价", "学生团多少钱", "学生折扣"]
    assert dialogue.answer(desk, actor=ALICE, chat_id=7, text="x") is None  # closed
