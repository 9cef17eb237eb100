"""The playbook's detectors and rules, on hand-written replies (no library involved)."""

import random

import pytest

from replies import policy
from replies.compose import Playbook, finish
from replies.extract import extract
from replies.mentions import duration_days, mentioned
from replies.quality import problems
from replies.thread import Facts, fold, read_facts

ASKS = [
    ("您方便说下一共多少人、什么时间吗？", {"headcount", "date"}),
    ("是一天还是过夜？", {"duration"}),
    ("预算大概多少呀？", {"budget"}),
    ("您从哪个城市出发呢？", {"city"}),
    ("留个电话，我把报价单发您", {"contact"}),
    ("微信发我一下，方案马上给您", {"contact"}),
]
SAYS = [
    "60人、10月、人均800收到了，方案这就做。",  # acknowledges, asks nothing
    "价格主要看天数和项目。",
    "我马上加您（微信Lily_0923），通过后发您方案～",  # says what we do with their contact
    "平台不允许直接发微信号，顾问电话联系您。",
]


@pytest.mark.parametrize(("text", "facts"), ASKS)
def test_asks_finds_what_a_reply_asks_for(text: str, facts: set[str]) -> None:
    assert policy.asks(text) == facts


@pytest.mark.parametrize("text", SAYS)
def test_statements_ask_nothing(text: str) -> None:
    assert policy.asks(text) == frozenset()


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("我们三四十人", {"headcount"}),
        ("下个月中秋前后", {"date"}),
        ("预算一两万", {"budget"}),
        ("两天一夜", {"duration"}),
        ("有案例吗", set()),
    ],
)
def test_mentions_count_what_labels_leave_empty(text: str, facts: set[str]) -> None:
    assert mentioned(text) == facts


def test_duration_in_days() -> None:
    assert [duration_days(t) for t in ("两天一夜", "3天2晚", "半天", "有案例吗")] == [
        2,
        3,
        0.5,
        None,
    ]


def test_prune_drops_only_the_clause_that_reasks() -> None:
    text = "价格看项目，您方便说下一共多少人吗？留个电话发您报价单"
    assert policy.prune(text, frozenset({"headcount"})) == "价格看项目，留个电话发您报价单～"
    assert policy.prune("一共多少人？", frozenset({"headcount"})) is None


def _view(*texts: str):
    return fold(read_facts(t, extract(t), None) for t in texts)


def test_finish_adds_hooks_to_all_but_one_while_no_contact() -> None:
    rendered = [(0, "好的～价格看项目。"), (1, "我们做过很多。"), (2, "可以做。")]
    rules = Playbook("price", frozenset(), "dm", "报价单")
    out = finish(rendered, rules, random.Random(1), 3)
    assert sum(policy.carries_hook(t, "报价单", "dm") for _, t in out) == 2
    comment = finish(
        rendered, Playbook("price", frozenset(), "comment", "报价单"), random.Random(1), 3
    )
    assert all("电话" not in t and "微信" not in t for _, t in comment)
    assert sum(policy.carries_hook(t, "报价单", "comment") for _, t in comment) == 2


def test_finish_skips_a_reply_that_only_reasks() -> None:
    rendered = [(0, "一共多少人？"), (1, "好的收到，方案这就做。"), (2, "明白，这就安排。")]
    known = frozenset({"headcount", "contact"})
    out = finish(rendered, Playbook("price", known, "dm", "报价单"), random.Random(1), 3)
    assert [i for i, _ in out] == [1, 2]


def test_no_hook_is_due_for_invalid_or_once_a_contact_is_given() -> None:
    rendered = [(0, "谢谢关注～"), (1, "暂不合作哦"), (2, "感谢～")]
    for rules in (Playbook("invalid", frozenset(), "dm", "x"),
                  Playbook("price", frozenset({"contact"}), "dm", "x")):  # fmt: skip
        assert finish(rendered, rules, random.Random(1), 3) == rendered


def test_quality_problems_are_found() -> None:
    from replies.models import Classification, LeadFields, Match, Reply, Suggestion

    match = Match("s", "price", 80.0, "多少钱")
    classification = Classification(match, (), True, (match,))
    replies = tuple(Reply(t, 0) for t in ("一共多少人？", "None的团建方案", "好的"))
    suggestion = Suggestion("多少钱", "TJ", "dm", classification, LeadFields(), replies, "报价单")
    kinds = [k for k, _ in problems(suggestion, _view("我们50人"), "dm")]
    assert kinds.count("reask") == 1 and kinds.count("broken") == 1
    assert kinds.count("missing_hook") == 2
    assert (
        Facts.from_json(read_facts("50人", extract("50人"), "price").as_json()).fields.headcount
        == 50
    )


def test_an_unplaceable_inquiry_gets_a_polite_holding_reply() -> None:
    from replies.engine import Engine
    from replies.library import load_library

    engine = Engine(load_library())
    suggestion = engine.suggest("[哭惹R]", rng=random.Random(3))
    assert suggestion.classification.category is None
    assert len(suggestion.replies) == 3 and all("？" in r.text for r in suggestion.replies)


@pytest.mark.parametrize(
    ("earlier", "script"),
    [
        (["你们微信多少"], "tj-react-asked-ours"),  # asked for ours, then hesitated
        (["有案例吗", "多少钱", "能开发票吗"], "tj-react-no-contact"),  # kept asking
    ],
)
def test_reactivation_follows_the_thread_situation(earlier: list[str], script: str) -> None:
    from replies.engine import Engine
    from replies.library import load_library
    from replies.models import Account

    engine = Engine(load_library())
    facts = []
    for text in [*earlier, "好的我再考虑下"]:
        classification = engine.classify(text, account="TJ", channel="dm")
        facts.append(read_facts(text, extract(text), classification.category))
    suggestion = engine.compose(
        text, classification, account=Account("TJ"), channel="dm", rng=random.Random(1),
        thread=fold(facts),
    )  # fmt: skip
    assert suggestion.classification.category == "reactivation"
    assert suggestion.script_id == script
