import pytest

from replies.matching import build_index, clauses, features, focus
from replies.normalize import PHONE_TOKEN, for_matching

TRIGGERS = [
    ("price", "多少钱"),
    ("price", "人均大概多少钱"),
    ("price", "有报价单吗"),
    ("greet", "在吗"),
    ("greet", "？"),
    ("greet", "想了解一下你们的服务"),
    ("invalid", "求分享"),
    ("invalid", "互关"),
    ("invalid", "😍"),
    ("given", "我电话13800138000"),
    ("given", "我微信是abc_123"),
    ("ask", "有电话吗"),
    ("ask", "怎么联系你们"),
    ("bus", "包车吗"),
    ("bus", "大巴能到公司接吗"),
]


@pytest.fixture(scope="module")
def index():
    return build_index(TRIGGERS)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("多少钱", "price"),
        ("多少钱？", "price"),
        ("人均多少钱呀", "price"),
        ("在吗", "greet"),
        ("在吗在吗", "greet"),
        ("？", "greet"),
        ("？？", "greet"),
        ("求分享", "invalid"),
        ("求分享攻略谢谢", "invalid"),
        ("😍😍😍", "invalid"),
        ("我电话15910237846，方案发我一份", "given"),
        ("加我微信吧 Wendy-0612", "given"),
        ("方便留个电话吗", "ask"),
        ("包车吗？", "bus"),
        ("報價單有嗎", "price"),  # traditional characters
        ("你好，我们是一家外企。领导让我问问，你们怎么联系？", "ask"),  # intent in one clause
    ],
)
def test_should_match(index, text: str, key: str) -> None:
    results = index.search(text, limit=3)
    assert results and results[0][0] == key, results


@pytest.mark.parametrize("text", ["天气真好", "量子力学", "abc", "……"])
def test_should_not_match_confidently(index, text: str) -> None:
    results = index.search(text, limit=3)
    assert not results or results[0][1] < 40, results


def test_scores_are_bounded_and_sorted(index) -> None:
    results = index.search("人均多少钱，有报价单吗", limit=5)
    scores = [score for _, score in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    assert len({key for key, _ in results}) == len(results)  # one row per key


def test_exact_trigger_scores_100(index) -> None:
    assert index.search("有报价单吗", limit=1) == [("price", 100.0)]


def test_ties_are_deterministic() -> None:
    index = build_index([("b", "多少钱"), ("a", "多少钱"), ("c", "多少钱")])
    assert [key for key, _ in index.search("多少钱")] == ["b", "a", "c"]


def test_limit_and_empty_index() -> None:
    assert build_index([]).search("多少钱") == []
    index = build_index(TRIGGERS)
    assert len(index.search("吗", limit=2)) <= 2


def test_shared_words(index) -> None:
    hit = index.search_triggers("人均大概多少钱呀", limit=1)[0]
    assert index.triggers[hit.trigger] == "人均大概多少钱"
    assert "人均大概多少钱" in index.shared_words("人均大概多少钱呀", hit.trigger)


def test_clauses_skip_bare_greetings() -> None:
    parts = dict(clauses("你好，这个口红多少钱？包邮吗", "这个口红多少钱包邮吗"))
    assert list(parts) == ["这个口红多少钱", "包邮吗", "这个口红多少钱包邮吗"]  # clauses, whole
    assert "你好" not in parts
    assert parts["包邮吗"] == 1.0  # a question counts fully


def test_statements_count_less_than_questions() -> None:
    parts = dict(clauses("我们80个人，想去古北水镇，大概多少钱", "我们个人想去古北水镇大概多少钱"))
    assert parts["想去古北水镇"] < parts["大概多少钱"] == 1.0
    assert dict(clauses("包邮吗", "包邮吗")) == {"包邮吗": 1.0}


def test_a_message_is_scored_whole_unless_told_not_to() -> None:
    both = clauses("我们是科技公司，有类似的案例吗", "我们是科技公司有类似的案例吗")
    assert ("我们是科技公司有类似的案例吗", 1.0) in both
    apart = clauses(
        "我们是科技公司，有类似的案例吗", "我们是科技公司有类似的案例吗", whole_too=False
    )
    assert [part for part, _ in apart] == ["我们是科技公司", "有类似的案例吗"]


def test_a_trigger_that_is_the_whole_message_beats_one_that_is_a_clause_of_it() -> None:
    # Scored by its clauses alone, "号码多少" would make the short trigger win. (A message
    # longer than the longest trigger is scored by its clauses only: WHOLE_LENGTH.)
    index = build_index([("whole", "打电话聊更快，号码多少"), ("clause", "座机号码多少")])
    assert index.search("打电话聊快，号码多少", limit=1)[0][0] == "whole"
    assert index.search("座机号码是多少", limit=1)[0][0] == "clause"


GROUPED = [
    ("first", "你们能接吗"),
    ("first", "年会你们能接吗"),
    ("act", "飞盘你们能接吗"),
    ("act", "剧本杀你们能接吗"),
    ("price", "预算八千"),
    ("price", "总预算多少合适"),
    ("price", "人均预算三百"),
]


def test_generic_clauses_weigh_less_than_specific_ones(monkeypatch) -> None:
    index = build_index(GROUPED, groups=[key for key, _ in GROUPED])
    text = "二十个人，预算八千，你们能接吗"
    assert index.search(text, limit=1)[0][0] == "price"
    # The same message when every clause counts the same: the generic ending wins.
    monkeypatch.setattr("replies.matching.CLAUSE_FOCUS", 0.0)
    assert index.search(text, limit=1)[0][0] == "first"


def test_groups_must_match_items() -> None:
    with pytest.raises(ValueError, match="2 labels for 1 triggers"):
        build_index([("a", "多少钱")], groups=["x", "y"])


def test_contacts_carry_no_category_focus() -> None:
    texts = [("given", "我电话13800138000"), ("given", "电话15000000000"), ("ad", "招代理")]
    docs = [features(for_matching(t)) for _, t in texts]
    weights = focus(docs, [g for g, _ in texts])
    assert weights["电话"] > 0  # a word that only one group uses
    assert not [g for g in weights if PHONE_TOKEN in g]  # the phone itself: no focus


def test_search_triggers_keeps_to_the_groups_asked_for() -> None:
    index = build_index(TRIGGERS, groups=[key for key, _ in TRIGGERS])
    hits = index.search_triggers("有电话吗，多少钱", limit=3, groups={"ask", "bus"})
    assert hits and {index.keys[h.trigger] for h in hits} <= {"ask", "bus"}
    assert index.keys[hits[0].trigger] == "ask"
    assert index.search_triggers("？", limit=3, groups={"price"}) == []  # "？" is a greeting
