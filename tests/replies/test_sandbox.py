"""The counting sandbox: budgets, size checks and the output cap, with no timers."""

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from replies import budget, sandbox
from replies.errors import TemplateError
from replies.render import ENV, compile_template, render

VARS = {"city": "上海", "headcount": 50, "account": {"name": "团建策划"}, "hook": "方案合集"}


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{{ 'a' * 10**9 }}", "builds a value of at least 1000000000 characters"),
        ("{{ [0] * 10**6 }}", "builds a value of at least 1000000"),
        ("{{ 10**9 * 'a' }}", "builds a value"),
        ("{{ 2 ** 100000 }}", "builds a number"),
        ("{% set x = 10**1000 %}{{ x * x * x * x }}", "builds a number"),
        ("{{ ('a' * 1500) + ('b' * 1500) }}", "builds a value of at least 3000"),
        ("{% set x = 'a' * 1500 %}{% set x = x ~ x %}{{ x }}", "at least 3000"),
        ("{{ (['x' * 1000] * 1000)|string }}", "builds a value"),
        ("{% set a = ['x' * 1000, 'y' * 1000, 'z' * 1000] %}{{ a|length }}", "builds a value"),
        ("{% set a = [hook] * 500 %}{% set b = [a, a, a, a, a, a] %}{{ b|length }}", "builds"),
        ("{{ ([['x'] * 1000] * 1000)|sum(start=[])|length }}", "builds a value"),
        ("{{ '%0999999999d' % 1 }}", "formats text with %"),
        ("{{ hook.format() }}", r"str.format\(\)"),
        ("{{ '{:>999999999}'.format(1) }}", r"str.format\(\)"),
        ("{{ hook.ljust(10**9) }}", r"str.ljust\(\)"),
        ("{{ (10).to_bytes(10**9, 'big') }}", r"int.to_bytes\(\)"),
        ("{{ range(3000)|join('x' * 100) }}", "builds a value"),
        ("{{ hook|replace('', 'x' * 1000) }}", "builds a value"),
        ("{{ ('a' * 1000)|replace('a', 'x' * 1000, -1) }}", "builds a value"),
        ("{{ 1.5|round(10**9, 'floor') }}", "rounds to 1000000000 digits"),
        ("{{ 5|round(-10**9) }}", "rounds to"),
        ("{{ range(3)|map('round', 10**9)|join }}", "rounds to"),
        ("{% for i in range(10**9) %}x{% endfor %}", "too much work"),
        ("{% for i in range(10**30) %}x{% endfor %}", "too much work"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "work",
        ),
        ("{% for c in 'a' * 1500 %}{% for d in 'b' * 1500 %}{% endfor %}{% endfor %}", "work"),
        (
            "{% macro f() %}.{% endmacro %}{% for i in range(3000) %}{% set y = f() %}{% endfor %}",
            "work",
        ),
        ("{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}", "recursion|work"),
        ("{% for i in range(1500) %}xx{% endfor %}", "output passes 2000 characters"),
        ("{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}", "output passes"),
    ],
)
def test_runaway_templates_are_counted_out(source: str, reason: str) -> None:
    compiled = compile_template(source)  # nothing is built or folded at compile time
    with pytest.raises(TemplateError, match=reason):
        compiled.render(VARS, random.Random(0))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 'ab' * 3 }}", "ababab"),
        ("{{ headcount * 2 }}人", "100人"),
        ("{{ 2 ** 10 }}", "1024"),
        ("{{ headcount % 7 }}", "1"),
        ("{{ city + '市' }}", "上海市"),
        ("{{ range(3)|join('、') }}", "0、1、2"),
        ("{% for i in range(3) %}{{ loop.cycle('甲', '乙') }}{% endfor %}", "甲乙甲"),
        ("{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(city) }}", "[上海]"),
        ("{{ hook|replace('合集', '清单') }}", "方案清单"),
        ("{{ 'aaa'|replace('a', 'b', 2) }}", "bba"),
        ("{{ 42.55|round(1, 'floor') }}", "42.5"),
        ("{{ 42.55|round|int }}", "43"),
        ("{% if city.startswith('上') %}沪{% endif %}", "沪"),
        ("{{ account.get('name') }}", "团建策划"),
        ("{% for i in range(400) %}x{% endfor %}", "x" * 400),
        ("{% set a = [hook] * 100 %}{{ [a, a, a]|length }}", "3"),
        ("{% for k, v in {'甲': 1, '乙': 2}|dictsort %}{{ k }}{{ v }}{% endfor %}", "乙2甲1"),
    ],
)
def test_ordinary_templates_stay_within_budget(source: str, expected: str) -> None:
    compiled = compile_template(source)
    assert sandbox.run(compiled.template, VARS) == expected


def test_a_printed_bool_is_refused() -> None:
    # finalize lets only text and numbers through; True/False in a reply is a bug
    with pytest.raises(TemplateError, match="prints a bool"):
        render("{{ city.startswith('上') }}", VARS, random.Random(0))


@pytest.mark.parametrize(
    "source", ["{{ 'x'|center(10**9) }}", "{{ 'x'|indent(10**9) }}", "{{ 'x'|format(1) }}"]
)
def test_growing_filters_are_not_there(source: str) -> None:
    with pytest.raises(TemplateError, match="No filter named"):
        compile_template(source)


@pytest.mark.parametrize("name", ["lipsum", "cycler", "joiner", "namespace", "dict"])
def test_only_range_is_global(name: str) -> None:
    with pytest.raises(TemplateError, match=f"unknown variable {name}"):
        compile_template(f"{{{{ {name}() }}}}")


def test_the_budget_is_per_render() -> None:
    # Each render spends 2 x 2000 steps of a 5000 budget: fine alone, fine repeated.
    compiled = compile_template("{% for i in range(2000) %}{% endfor %}好")
    for _ in range(5):
        assert sandbox.run(compiled.template, VARS) == "好"


def test_budgets_in_worker_threads_are_independent() -> None:
    compiled = compile_template("{% for i in range(2000) %}{% endfor %}{{ city }}")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: sandbox.run(compiled.template, VARS), range(40)))
    assert results == ["上海"] * 40


def test_rendering_outside_a_budget_is_refused() -> None:
    with pytest.raises(TemplateError, match="outside a budget"):
        ENV.from_string("{% for i in range(3) %}{% endfor %}").render()


def test_weight_stops_early_on_deeply_shared_values() -> None:
    # 2**60 slots if walked to the end; the walk stops just past the limit.
    value: list[object] = ["a"]
    for _ in range(60):
        value = [value, value]
    assert budget.MAX_VALUE < budget.weight(value) < 2 * budget.MAX_VALUE
