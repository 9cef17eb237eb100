"""Templates differing only in their words share one compiled Jinja skeleton, output unchanged."""

from __future__ import annotations

import random

import pytest

from replies import sandbox
from replies.errors import TemplateError
from replies.render import Restoring, _compile_jinja, compile_template, skeleton

VARS = {"hook": "方案合集", "city": "上海", "headcount": 50}


@pytest.mark.parametrize(
    "source",
    [
        "您好，{{ hook }}发您",
        "  {%- if city %} 去{{ city }} {% endif -%}  玩\n",
        "{% for i in range(3) %}好{% endfor %}",
        "{# 注释 #}前{{ headcount }}人\n后",
        "{% raw %}{{ 原样 }}{% endraw %}",
    ],
)
def test_a_skeleton_renders_exactly_what_the_whole_template_does(source: str) -> None:
    whole, _ = _compile_jinja(source)  # the template compiled as one text, no skeleton
    assert sandbox.run(compile_template(source).template, VARS) == sandbox.run(whole, VARS)


def test_templates_of_other_words_share_the_compiled_jinja() -> None:
    one = compile_template("北京{{ hook }}可以发您{% if city %}，{{ city }}也行{% endif %}")
    two = compile_template("三亚{{ hook }}马上发{% if city %}，{{ city }}没问题{% endif %}")
    assert isinstance(one.template, Restoring) and isinstance(two.template, Restoring)
    assert one.template.template is two.template.template
    assert one.render(VARS, random.Random(0)) == "北京方案合集可以发您，上海也行"
    assert skeleton("前{% raw %}{{ x }}{% endraw %}") is None  # raw text is kept whole


def test_errors_and_the_output_limit_still_see_the_real_text() -> None:
    with pytest.raises(TemplateError, match="line 2"):
        compile_template("第一行\n{% if city %}没有结束")
    with pytest.raises(TemplateError, match="output passes"):
        compile_template("{% for i in range(900) %}" + "长" * 40 + "{% endfor %}").render(
            VARS, random.Random(0)
        )
