"""Dialogues in the database: compare-and-set steps, continued by another desk."""

import pytest

from bot.desk import dialogues, inquiries
from bot.desk.dialogues import DialogueMoved
from bot.runtime import build_engine
from storage import botstate
from tests.bot.desk_fixtures import ALICE, CONFIG, make_desk


@pytest.fixture(scope="module")
def reply_engine():
    return build_engine(CONFIG)


def test_a_step_taken_twice_from_one_version_is_refused(sessions, reply_engine) -> None:
    desk = make_desk(sessions, reply_engine)
    pasted = inquiries.handle(desk, "你好，我们公司60人想去团建", actor=ALICE, account="TJ")
    prompt = dialogues.begin_lead(desk, actor=ALICE, chat_id=7, inquiry_id=pasted.inquiry_id)
    assert prompt.step == "contact"
    with desk.transaction() as session:
        operator = botstate.get_dialogue(
            session, operator_id=2, chat_id=7
        ) or botstate.get_dialogue(session, operator_id=1, chat_id=7)
    assert operator is not None
    with desk.transaction() as session:  # another process moved the dialogue first
        moved = botstate.put_dialogue(
            session, operator_id=operator.operator_id, chat_id=7, kind="lead", step="contact",
            data=operator.data, now=desk.now(), expected=prompt.version,
        )  # fmt: skip
    assert moved == prompt.version + 1
    with desk.transaction() as session:  # the same version again: compare-and-set refuses
        again = botstate.put_dialogue(
            session, operator_id=operator.operator_id, chat_id=7, kind="lead", step="need",
            data=operator.data, now=desk.now(), expected=prompt.version,
        )  # fmt: skip
    assert again is None
    other = make_desk(sessions, reply_engine, seed=3)  # a second process continues
    nxt = dialogues.answer(other, actor=ALICE, chat_id=7, text="13812345678")
    assert nxt is not None and nxt.step == "confirm" and nxt.values["phone"] == "13812345678"
    with pytest.raises(DialogueMoved):
        dialogues.confirm_lead(desk, actor=ALICE, chat_id=7, version=nxt.version - 1)
    outcome = dialogues.confirm_lead(desk, actor=ALICE, chat_id=7, version=nxt.version, once="k1")
    assert outcome.lead.phone == "13812345678" and outcome.lead.headcount == 60
    assert dialogues.current(desk, actor=ALICE, chat_id=7) is None
