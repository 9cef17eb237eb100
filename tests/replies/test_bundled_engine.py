"""The engine with the bundled library on short, long and tricky inquiries (not dev rows)."""

import random

import pytest

from replies.engine import Engine
from replies.library import load_library
from replies.models import Account
from replies.safety import check


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_library())


@pytest.mark.parametrize(
    ("text", "account", "category"),
    [
        ("多少钱", "TJ", "price"),
        ("在吗", "TJ", "first_inquiry"),
        ("？", "TJ", "first_inquiry"),
        ("求分享", "TJ", "invalid"),
        ("👍👍", "MZ", "invalid"),
        ("怎麼收費", "TJ", "price"),  # traditional characters
        ("ＶＸ多少", "TJ", "contact_request"),  # full-width spelling of WeChat
        ("我的微信 lily_hr2025，方案发这里", "TJ", "contact_given"),
        ("电话 186 1234 5678 王经理", "TJ", "contact_given"),
        ("领导说再等等，下个月再定", "TJ", "reactivation"),
        ("有没有适合下雨天的室内场地", "TJ", "destination"),
        ("飞盘和腰旗橄榄球能安排吗", "TJ", "activities"),
        ("以前给哪些公司做过年会", "TJ", "case_study"),
        ("可以开增值税专用发票吗", "TJ", "logistics"),
        ("干皮用哪个色号的粉底", "MZ", "first_inquiry"),
        ("是专柜正品吗", "MZ", "case_study"),
        ("几天能发货", "MZ", "logistics"),
        (
            "你好，我们是一家做软件的公司，今年年会大概120人，时间在12月中旬。"
            "想请问一下你们这边人均大概要多少钱？",
            "TJ",
            "price",
        ),
    ],
)
def test_bundled_library_answers(engine: Engine, text: str, account: str, category: str) -> None:
    result = engine.classify(text, account=account)
    assert result.category == category, result.matches[:3]


@pytest.mark.parametrize("text", ["齉龘靐", "xyzzy"])
def test_gibberish_is_not_confident(engine: Engine, text: str) -> None:
    assert not engine.classify(text, account="TJ").confident


@pytest.mark.parametrize("account", ["TJ", "MZ"])
def test_first_inquiry_and_price_replies_carry_a_hook(engine: Engine, account: str) -> None:
    for text in ("你好，想了解一下", "多少钱"):
        s = engine.suggest(text, account=Account(account), rng=random.Random(0))
        assert s.hook and len(s.replies) == 3
        assert any(s.hook in reply.text for reply in s.replies), (s.hook, s.replies)


def test_comment_replies_are_safe_after_rewrite(engine: Engine) -> None:
    for text in ("多少钱", "怎么联系你们", "我电话13800138000", "在吗"):
        s = engine.suggest(text, account=Account("TJ"), channel="comment", rng=random.Random(1))
        assert s.replies
        for reply in s.replies:
            assert not [
                v for v in check(reply.safe_text, "comment", engine.rules) if v.severity == "block"
            ]


@pytest.mark.parametrize("text", ["再吗", "已私"])
def test_a_text_sharing_one_chinese_character_is_placed_but_not_sure(
    engine: Engine, text: str
) -> None:
    # Unplaced means nothing in common with the library; one known character is something,
    # though too little to answer without the operator's pick.
    result = engine.classify(text, account="TJ")
    assert result.category is not None and not result.confident
