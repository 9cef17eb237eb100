import random
import unicodedata
from pathlib import Path

import pytest

from replies.engine import MAX_CHARS, Engine, clean_input
from replies.errors import InputError
from replies.library import load_library
from replies.models import Account
from replies.normalize import compact

LIBRARY = """
[[script]]
id = "price-basic"
category = "price"
triggers = ["多少钱", "怎么收费", "报价单有吗"]
replies = ["{您好|你好}，{{ hook }}发您", "价格看人数{哦|呢}", "留个电话发{报价|价格}"]
hooks = ["报价单"]

[[script]]
id = "hello"
category = "first_inquiry"
channel = "dm"
triggers = ["在吗", "？", "想了解一下"]
replies = ["在的～加微信聊", "您好，在的", "在呢，请说"]

[[script]]
id = "share"
category = "invalid"
accounts = ["TJ"]
triggers = ["求分享", "互关", "求合作"]
replies = ["谢谢关注", "感谢支持", "谢谢喜欢"]
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path: Path = tmp_path_factory.mktemp("lib") / "lib.toml"
    path.write_text(LIBRARY, encoding="utf-8")
    return Engine(load_library(path), threshold=50)


@pytest.mark.parametrize(
    ("text", "category", "script"),
    [
        ("多少钱呀", "price", "price-basic"),
        ("在吗", "first_inquiry", "hello"),
        ("求分享", "invalid", "share"),
    ],
)
def test_classify_explains_its_choice(engine: Engine, text, category, script) -> None:
    result = engine.classify(text, account="TJ")
    assert (result.category, result.best.script_id, result.confident) == (category, script, True)
    assert result.best.trigger in engine.library.by_id[script].triggers
    assert all(score <= result.best.score for _, score in result.alternatives)


def test_low_scores_are_not_confident(engine: Engine) -> None:
    result = engine.classify("今天天气不错适合晒被子", account="TJ")
    assert not result.confident


def test_account_filters_scripts(engine: Engine) -> None:
    assert engine.classify("求分享", account="TJ").category == "invalid"
    assert engine.classify("求分享", account="MZ").category != "invalid"


COMMENT_HELLO = """
[[script]]
id = "hello-comment"
category = "first_inquiry"
channel = "comment"
triggers = ["在吗", "在不在", "有人吗"]
replies = ["在的～戳私信", "您好，私信聊", "在呢，私信见"]
"""


def test_channel_picks_the_script_not_the_category(tmp_path: Path) -> None:
    dm_only = Engine(load_library(_write(tmp_path / "a.toml", LIBRARY)))
    # No first_inquiry script serves comments, yet the category is still recognised.
    assert dm_only.classify("在吗", channel="comment").category == "first_inquiry"
    both = Engine(load_library(_write(tmp_path / "b.toml", LIBRARY + COMMENT_HELLO)))
    assert both.classify("在吗", channel="dm").best.script_id == "hello"
    assert both.classify("在吗", channel="comment").best.script_id == "hello-comment"


def test_accounts_served_by_the_same_scripts_share_one_index(tmp_path: Path) -> None:
    shared = LIBRARY.replace('accounts = ["TJ"]\n', "")  # every script serves every account
    engine = Engine(load_library(_write(tmp_path / "all.toml", shared)))
    assert engine._index("TJ").index is engine._index("MZ").index is engine._index(None).index
    assert engine.classify("求分享", account="MZ").category == "invalid"
    split = Engine(load_library(_write(tmp_path / "split.toml", LIBRARY)))
    assert split._index("TJ").index is not split._index("MZ").index
    assert split.classify("求分享", account="MZ").category != "invalid"


def _write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_suggest_gives_three_distinct_checked_replies(engine: Engine) -> None:
    s = engine.suggest("多少钱", account=Account("TJ", "团建", "北京"), rng=random.Random(1))
    assert len(s.replies) == 3
    assert len({compact(r.text) for r in s.replies}) == 3
    assert s.hook == "报价单"


def test_comment_channel_rewrites_diversion_words(engine: Engine) -> None:
    s = engine.suggest("在吗", channel="dm", rng=random.Random(2))
    wechat = [r for r in s.replies if "微信" in r.text]
    assert wechat and not wechat[0].violations  # DMs may name WeChat
    result = engine.classify("在吗")
    comment = engine.compose(
        "在吗", result, account=None, channel="comment", rng=random.Random(2), script_id="hello"
    )
    flagged = [r for r in comment.replies if "微信" in r.text]
    assert flagged and flagged[0].violations and "微信" not in flagged[0].safe_text


def test_recent_texts_are_not_repeated(engine: Engine) -> None:
    rng = random.Random(5)
    first = engine.suggest("多少钱", rng=rng)
    again = engine.suggest("多少钱", rng=rng, recent=[r.text for r in first.replies])
    assert not {compact(r.text) for r in first.replies} & {compact(r.text) for r in again.replies}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x07", "empty"),
        ("多" * (MAX_CHARS + 1), "limit"),
    ],
)
def test_bad_input_is_refused_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        clean_input(raw)


def test_control_characters_are_dropped() -> None:
    assert clean_input("多少\x00钱\x1b") == "多少钱"
    assert clean_input("多少\n钱\t\ud83d\x85呀") == "多少\n钱\t呀"  # newline, tab kept
    # Exactly the control characters (Cc) but newline and tab, and lone surrogates (Cs).
    dropped = {c for c in map(chr, range(0x110000)) if clean_input(f"多{c}少") == "多少"}
    expected = {c for c in map(chr, range(0x110000)) if unicodedata.category(c) in ("Cc", "Cs")}
    assert dropped == expected - {"\n", "\t"}


def test_emoji_only_and_mixed_scripts_do_not_crash(engine: Engine) -> None:
    emoji = engine.classify("😍😍😍", account="TJ")  # this library has no emoji trigger
    assert emoji.best is None and not emoji.confident
    assert engine.classify("How much 多少钱 сколько", account="TJ").category == "price"
