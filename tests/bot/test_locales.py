"""Every user-facing text exists in both locales, with the same placeholders."""

import string

from bot.texts import EN, ZH


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_locales_have_the_same_keys() -> None:
    assert set(ZH) - set(EN) == set()
    assert set(EN) - set(ZH) == set()


# Chinese names categories by their Chinese labels, English by their ids: the callers
# pass both values. A bad clue format, template, TOML or workbook: English quotes the
# parser's own detail (English), Chinese says what to check.
BY_LOCALE = {
    "error.bad_category", "examples.cat_needs_category", "error.config_clue_format",
    "problem.template", "problem.toml_syntax", "problem.xlsx_unreadable",
}  # fmt: skip


def test_both_locales_fill_the_same_placeholders() -> None:
    differ = {key for key in ZH if _fields(ZH[key]) != _fields(EN[key])}
    assert differ == BY_LOCALE
