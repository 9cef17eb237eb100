"""The learned category model and the engine's learning API."""

from pathlib import Path

import numpy as np
import pytest

from replies.classifier import (
    CategoryModel,
    ModelOptions,
    grams,
    model_text,
    strip_stickers,
    word_bounded_grams,
)
from replies.cues import cues
from replies.engine import Engine
from replies.errors import ExampleError
from replies.library import load_library
from replies.models import Example

LIBRARY = """
[[script]]
id = "price"
category = "price"
triggers = ["多少钱", "怎么收费", "报价单有吗", "人均多少"]
replies = ["a", "b", "c"]

[[script]]
id = "hello"
category = "first_inquiry"
triggers = ["在吗", "？", "想了解一下", "滴滴"]
replies = ["a", "b", "c"]

[[script]]
id = "given"
category = "contact_given"
triggers = ["我电话13800001111", "我微信abc_123", "加我微信"]
replies = ["a", "b", "c"]

[[script]]
id = "ads"
category = "invalid"
triggers = ["求合作推广", "互关", "招代理加盟", "招代理 加微信 daili_888"]
replies = ["a", "b", "c"]

[[script]]
id = "venue"
category = "destination"
triggers = ["去哪里团建好", "有什么场地推荐", "古北水镇可以吗"]
replies = ["a", "b", "c"]
"""


@pytest.fixture()
def library(tmp_path: Path):
    path = tmp_path / "lib.toml"
    path.write_text(LIBRARY, encoding="utf-8")
    return load_library(path)


def test_grams_are_padded_character_ngrams() -> None:
    assert set(grams("ab", 2)) == {"a", "b", "\x02a", "ab", "b\x03"}


def test_model_probabilities_sum_to_one() -> None:
    model = CategoryModel.train(["多少钱", "在吗", "价格多少"], ["price", "hello", "price"])
    p = model.probabilities("多少")
    assert p.sum() == pytest.approx(1.0)
    assert model.categories[int(np.argmax(p))] == "price"


def test_class_weights_keep_a_flooded_model_balanced() -> None:
    texts = [f"价格{n}多少钱" for n in range(2000)] + ["在吗", "在不在", "有人在吗"]
    labels = ["price"] * 2000 + ["hello"] * 3
    model = CategoryModel.train(texts, labels)
    assert model.categories[int(np.argmax(model.probabilities("在不在呀")))] == "hello"


def test_stickers_are_not_words() -> None:
    assert strip_stickers("好看[哭惹R][笑哭R]").strip() == "好看"
    assert model_text("[哭惹R]") == ""


def test_an_example_counts_from_the_very_next_inquiry(library) -> None:
    engine = Engine(library)
    for account in ("TJ", "MZ"):
        assert engine.classify("老板说下周再看", account=account).category != "price"
    engine.learn(Example("老板说下周再看", "price", "TJ"))
    assert engine.classify("老板说下周再看！", account="TJ").category == "price"
    # The text itself is taught to the account it was corrected in; other accounts'
    # models take it in (at a share of its weight) only when they are refitted.
    assert engine.classify("老板说下周再看", account="MZ").category != "price"


def test_refit_folds_examples_into_the_model(library) -> None:
    engine = Engine(library)
    for text in ("预算够不够", "预算紧张", "预算有限"):
        engine.learn(Example(text, "price"))
    engine.refit()
    assert engine.classify("预算不多", account="TJ").category == "price"


def test_another_accounts_examples_count_for_a_share_of_their_weight(library) -> None:
    examples = [Example(t, "price", "TJ") for t in ("预算够不够", "预算紧张", "预算有限")]

    def price(options: ModelOptions, account: str) -> float:
        engine = Engine(library, examples=examples, options=options)
        found = engine.classify("预算不多", account=account).matches
        return next(m.score for m in found if m.category == "price")

    apart = price(ModelOptions(foreign_weight=0.0), "MZ")
    assert apart < price(ModelOptions(), "MZ") < price(ModelOptions(), "TJ")
    assert price(ModelOptions(foreign_weight=0.0), "TJ") == price(ModelOptions(), "TJ")


def test_examples_at_construction_train_the_model(library) -> None:
    examples = [Example(t, "destination") for t in ("想去海边", "海边有吗", "去海边玩")]
    engine = Engine(library, examples=examples)
    assert engine.examples == tuple(examples)
    assert engine.classify("海边团建", account="TJ").category == "destination"


def test_an_unknown_category_is_refused(library) -> None:
    with pytest.raises(ExampleError, match="unknown category 'nope'"):
        Engine(library).learn(Example("x", "nope"))


@pytest.mark.parametrize("text", ["[哭惹R]", "qwzxkj", "🦜🦜"])
def test_an_inquiry_nothing_shares_has_no_category(library, text) -> None:
    result = Engine(library).classify(text)
    assert (result.category, result.best, result.confident) == (None, None, False)


@pytest.mark.parametrize("text", ["？", "在吗", "滴滴"])
def test_bare_openers_stay_first_inquiries(library, text) -> None:
    assert Engine(library).classify(text).category == "first_inquiry"


def test_alternatives_are_sorted_below_the_shown_score(library) -> None:
    result = Engine(library).classify("古北水镇团建多少钱")
    scores = [result.best.score, *(s for _, s in result.alternatives)]
    assert scores == sorted(scores, reverse=True)
    assert [m.category for m in result.matches][: len(scores)] == [
        result.category,
        *(c for c, _ in result.alternatives),
    ]


def test_a_customer_contact_makes_contact_given_unless_it_is_an_ad(library) -> None:
    engine = Engine(library)
    assert engine.classify("人均多少钱 我电话13912345678").category == "contact_given"
    assert engine.classify("求合作推广 加我微信 ad_8888").category == "invalid"


def test_shared_words_are_the_customers_own(library) -> None:
    result = Engine(library).classify("加我vx abc_999")
    assert all(word in "加我vx abc_999" for word in result.best.shared)


def test_word_bounded_grams_stay_inside_words() -> None:
    found = set(word_bounded_grams("ab c", 2))
    assert found == {"a", "b", "c", " a", "ab", "b ", " c", "c "}
    assert "b c" not in set(word_bounded_grams("ab c", 3))


def test_each_view_is_normalised_on_its_own() -> None:
    options = ModelOptions(views=("chars", "folded"))
    model = CategoryModel.train(
        ["多少钱?", "在吗", "价格多少"], ["price", "hello", "price"], options=options
    )
    _, values = model.vector("多少钱?")
    # Two unit blocks: the whole vector's squared norm is 2.
    assert float(np.dot(values, values)) == pytest.approx(2.0)
    assert model.categories[int(np.argmax(model.probabilities("多少钱呀")))] == "price"


def test_an_unknown_view_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown feature view"):
        CategoryModel.train(["a", "b"], ["x", "y"], options=ModelOptions(views=("emoji",)))


def test_cues_pool_the_labelling_rules_words() -> None:
    assert cues("你们有邮箱吗，我们要走采购流程")["ours"] == 1
    assert cues("你们的line是多少")["ours"] == 1
    assert "ours" not in cues("你们的deadline是多少")  # an English word holding "line"
    assert {"serve", "city", "serve_city"} <= set(cues("我们是天津的公司，你们那边能做吗"))
    assert set(cues("出二手帐篷 有需要的联系vx：tent_sale666")) >= {"offer", "mine"}
    assert cues("多少钱") == {}


def test_a_cue_moves_the_model_to_the_rule_it_stands_for() -> None:
    # Trained on two spellings of asking for our contact, a third spelling with no
    # shared character pair still lands there through the cue.
    texts = ["你们微信多少", "你们电话多少", "多少钱", "价格多少", "在吗", "有人吗"]
    labels = ["ours", "ours", "price", "price", "hello", "hello"]
    with_cues = CategoryModel.train(texts, labels, options=ModelOptions(views=("chars", "cues")))
    p = with_cues.probabilities("贵司邮箱？")
    assert with_cues.categories[int(np.argmax(p))] == "ours"


TOUR = """
[[script]]
id = "tour"
category = "tour"
triggers = ["想参观工厂", "能去你们工厂看看吗", "可以实地考察一下吗"]
replies = ["a", "b", "c"]
"""


def test_a_new_library_keeps_the_examples_it_still_has_categories_for(tmp_path: Path) -> None:
    with_tour = load_library(_written(tmp_path / "a.toml", LIBRARY + TOUR))
    edited = load_library(
        _written(tmp_path / "b.toml", LIBRARY.replace('"a", "b"', '"x", "y"') + TOUR)
    )
    without = load_library(_written(tmp_path / "c.toml", LIBRARY))
    examples = [Example("老板嫌贵再说吧", "price", "tj"), Example("想去看看生产线", "tour", None)]
    engine = Engine(with_tour, examples=examples)
    engine.warm(["TJ"])
    same = engine.with_library(edited)  # replies edited: models, index and examples carry over
    assert same.examples == engine.examples
    assert same._models["TJ"] is engine._models["TJ"]
    assert same.classify("想去看看生产线").category == "tour"
    same.learn(Example("能开发票吗", "price", None))
    assert model_text("能开发票吗") not in engine._memory  # the copy learns on its own
    gone = engine.with_library(without)  # "tour" vanished: its example cannot count any more
    assert gone.examples == (Example("老板嫌贵再说吧", "price", "TJ"),)
    assert gone.classify("想去看看生产线").category != "tour"
    assert gone.classify("老板嫌贵再说吧", account="TJ").category == "price"


def _written(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path
