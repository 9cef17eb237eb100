import logging
import random
import subprocess
import sys
import textwrap

import pytest

from replies import render as render_module
from replies.errors import TemplateError
from replies.normalize import compact
from replies.render import (
    ALLOWED_VARIABLES,
    DEFAULT_TRIAL,
    TRIALS,
    compile_template,
    render,
    rotate,
    validate_template,
)

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


# `{{ headcount * 2 }}` is refused unguarded (None * 2 fails when no headcount was
# given) and accepted, rendering safely, once guarded with {% if headcount %}.
SHOULD_REFUSE = [
    ("{{ 'a' * 10**9 }}", "fails with every field set: template builds a value"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "work"),
    ("{{ ''|attr('__class__') }}", "private attribute '__class__'"),
    ("{{ hook|map(attribute='__class__')|first }}", "private attribute"),
    ("{{ headcount * 2 }}", r"fails when headcount is empty: .*guard it with {% if headcount %}"),
    ("{{ city }}的团建方案", r"fails when city is empty: prints an empty value \(None\)"),
    ("{{ city[0] }}", r"fails when city is empty: .*guard it with {% if city %}"),
    ("{% if headcount %}{{ month }}月{% endif %}出发", "fails when month is empty"),
    ("{% if not month %}{{ city }}{% endif %}好", "fails with every field empty"),
    ("这里是{{ account.name }}", r"fails when account is empty: .*{% if account\.… %}"),
    ("{{ headcount|default('') }}人", "prints an empty value"),
    ("{{ [city]|join }}", "reply would contain 'None'"),
    ("{{ account }}", "prints a dict"),
    ("您好{%raw%}{{ city }}{%endraw%}", "reply would contain '{{'"),
    ("{您好}", "reply would contain '{'"),
    ("{% if city %}{{ city }}{% endif %}", "fails when city is empty: reply would be empty"),
    ("{{ lipsum() }}", "unknown variable lipsum"),
]
SHOULD_ACCEPT = [
    ("{% if headcount %}{{ headcount * 2 }}人{% endif %}好", "100人好"),
    ("{% if city %}{{ city }}的{% endif %}团建方案", "上海的团建方案"),
    ("{% if city %}{{ city[0] }}{% endif %}您好", "上您好"),
    ("{% if headcount and month %}{{ headcount }}人、{{ month }}月{% endif %}好", "50人、7月好"),
    ("{% if account.name %}这里是{{ account.name }}，{% endif %}您好", "这里是团建策划，您好"),
    ("{{ hook }}发您", "方案合集发您"),
    ("{{ headcount or 30 }}人", "50人"),
]


@pytest.mark.parametrize(("source", "reason"), SHOULD_REFUSE)
def test_validator_refuses(source: str, reason: str) -> None:
    with pytest.raises(TemplateError, match=reason):
        validate_template(source)


@pytest.mark.parametrize(("source", "expected"), SHOULD_ACCEPT)
def test_validator_accepts_guarded_templates(source: str, expected: str) -> None:
    full = {name: TRIALS.get(name, DEFAULT_TRIAL).sample for name in ALLOWED_VARIABLES}
    assert validate_template(source).render(full, random.Random(0)) == expected


def test_trial_rows_name_allowed_variables_only() -> None:
    assert set(TRIALS) <= ALLOWED_VARIABLES


def test_a_new_variable_without_a_trial_row_is_checked_with_the_default(monkeypatch) -> None:
    monkeypatch.setattr(render_module, "ALLOWED_VARIABLES", ALLOWED_VARIABLES | {"weekday"})
    with pytest.raises(TemplateError, match="fails when weekday is empty"):
        validate_template("周{{ weekday }}出发")
    assert validate_template("{% if weekday %}周{{ weekday }}{% endif %}出发")
    compile_template.cache_clear()  # the cached templates name a variable that is not allowed
    validate_template.cache_clear()


def test_a_huge_constant_is_refused_without_building_it() -> None:
    # In a fresh process, so the peak RSS before is that of one interpreter and Jinja.
    script = textwrap.dedent(
        """
        import resource
        from replies.errors import TemplateError
        from replies.render import validate_template
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            validate_template("{{ 'a' * 10**9 }}")
        except TemplateError as exc:
            print(exc)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    message, grown_kib = done.stdout.strip().splitlines()
    assert "builds a value of at least 1000000000 characters" in message, done.stderr
    assert int(grown_kib) < 200 * 1024


def test_rotate_skips_a_template_that_fails_at_render(caplog: pytest.LogCaptureFixture) -> None:
    broken = ["{{ city[0] }}的方案", "{{ hook.ljust(10**9) }}", *TEMPLATES]
    with caplog.at_level(logging.WARNING, logger="replies.render"):
        out = rotate(broken, VARS, random.Random(5), count=3)
    assert len(out) == 3
    assert {i for i, _ in out} <= {2, 3, 4, 5}
    skipped = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(skipped) == 2  # each broken template is tried and logged once


def test_rotate_with_only_broken_templates_gives_nothing() -> None:
    assert rotate(["{{ city }}", "{{ '%5d' % 1 }}"], VARS, random.Random(0)) == []


def test_render_still_raises_for_one_template() -> None:
    with pytest.raises(TemplateError, match="output passes"):
        render("{% for i in range(1500) %}好吗{% endfor %}", VARS, random.Random(0))
