import random

import pytest

from replies.errors import TemplateError
from replies.normalize import compact
from replies.render import compile_template, render, rotate

VARS = {
    "city": None,
    "headcount": 50,
    "budget_per_head": None,
    "budget_total": None,
    "month": 7,
    "phone": None,
    "wechat": None,
    "account": {"code": "TJ", "name": "团建策划", "city": "北京"},
    "hook": "方案合集",
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ headcount }}人{% if month %}，{{ month }}月{% endif %}", "50人，7月"),
        ("{% if city %}{{ city }}{% else %}本地{% endif %}", "本地"),
        ("送您一份{{ hook }}", "送您一份方案合集"),
        ("{{ account.city }}的{{ account.name }}", "北京的团建策划"),
        ("没有同义词", "没有同义词"),
        ("{{ headcount|default(30) }}", "50"),
    ],
)
def test_render_variables(source: str, expected: str) -> None:
    assert render(source, VARS, random.Random(0)) == expected


def test_synonyms_expand_to_every_choice() -> None:
    seen = {render("{您好|你好|哈喽}！", VARS, random.Random(seed)) for seed in range(60)}
    assert seen == {"您好！", "你好！", "哈喽！"}


def test_synonym_syntax_does_not_touch_jinja_pipes() -> None:
    compiled = compile_template("{{ month|default(1) }}月{a|b}")
    assert len(compiled.groups) == 1
    assert compiled.variant_count() == 2


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{{ hook.__class__ }}", "private attribute"),
        ("{{ account['__class__'] }}", "private attribute"),
        ("{{ hook.__class__.__mro__ }}", "private attribute"),
        ("{{ lipsum.__globals__ }}", "private attribute"),
        ("{{ customer }}", "unknown variable customer"),
        ("{% if headcount %}没有结束", "does not compile"),
        ("{{ }}", "does not compile"),
    ],
)
def test_bad_templates_fail_at_compile(source: str, reason: str) -> None:
    with pytest.raises(TemplateError, match=reason):
        compile_template(source)


def test_sandbox_blocks_unsafe_calls_at_render() -> None:
    # A method call that is not a dunder slips past the static check; the sandbox stops it.
    with pytest.raises(TemplateError):
        render("{{ hook.format.__self__ }}", VARS, random.Random(0))
    with pytest.raises(TemplateError, match="not given"):
        render("{{ account.missing }}", VARS, random.Random(0))


TEMPLATES = [
    "{您好|你好}，{{ headcount }}人的方案我们做过很多～",
    "收到！{方案|报价}这边马上整理",
    "好的，{稍等|马上}发您{{ hook }}",
    "明白，{我们|这边}{先|可以}给您出个初稿",
]


def test_rotate_gives_distinct_texts_from_distinct_templates() -> None:
    out = rotate(TEMPLATES, VARS, random.Random(3), count=3)
    assert len(out) == 3
    assert len({i for i, _ in out}) == 3
    assert len({compact(text) for _, text in out}) == 3


def test_rotate_never_repeats_recent_texts() -> None:
    rng = random.Random(7)
    recent: list[str] = []
    for _ in range(40):
        out = rotate(TEMPLATES, VARS, rng, recent=recent[:5], count=3)
        assert out
        assert not {compact(t) for _, t in out} & {compact(t) for t in recent[:5]}
        recent = [out[0][1], *recent]


def test_rotate_returns_fewer_rather_than_repeat() -> None:
    plain = ["一", "二", "三"]
    out = rotate(plain, VARS, random.Random(0), recent=["一", "二"], count=3)
    assert [text for _, text in out] == ["三"]


def test_rotate_is_reproducible_with_a_seed() -> None:
    first = rotate(TEMPLATES, VARS, random.Random(11))
    assert first == rotate(TEMPLATES, VARS, random.Random(11))
