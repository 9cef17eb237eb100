import random
import re
from collections import Counter
from pathlib import Path

import pytest

from replies.categories import BUILTIN_CATEGORIES
from replies.errors import LibraryError
from replies.library import load_library
from replies.render import ALLOWED_VARIABLES, DEFAULT_TRIAL, TRIALS, render

GOOD = """
[[script]]
id = "price-basic"
category = "price"
accounts = ["TJ"]
triggers = ["多少钱", "怎么收费", "报价"]
replies = ["{您好|你好}，{{ hook }}发您", "方案看人数", "留个电话发报价"]
hooks = ["报价单"]
"""


def write(tmp_path: Path, body: str, name: str = "price.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_bundled_library_covers_every_category_for_both_accounts() -> None:
    library = load_library()
    assert len(library.scripts) >= 50
    for account in ("TJ", "MZ"):
        categories = {s.category for s in library.for_account(account)}
        assert {"first_inquiry", "price", "reactivation", "invalid"} <= categories, account
    assert set(BUILTIN_CATEGORIES) <= {s.category for s in library.scripts}


def test_bundled_hooks_on_first_inquiry_and_price() -> None:
    library = load_library()
    for script in library.scripts:
        if script.category in ("first_inquiry", "price"):
            assert script.hooks, script.id


def test_custom_categories_are_allowed(tmp_path: Path) -> None:
    library = load_library(write(tmp_path, GOOD.replace('"price"', '"after_sales"')))
    assert library.categories[-1] == "after_sales"
    assert library.for_account("TJ")[0].accounts == ("TJ",)
    assert library.for_account("MZ") == ()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"报价"]', "]", 'price.toml: script "price-basic": triggers must have at least 3'),
        (', "留个电话发报价"]', "]", "replies must have at least 3 variants"),
        ('category = "price"', "category = 3", "category must be a category id"),
        ('category = "price"', 'category = "price"\ncolour = "red"', "colour is not a known field"),
        ('accounts = ["TJ"]', 'accounts = "some"', 'accounts must be "all"'),
        ('accounts = ["TJ"]', 'channel = "sms"', "channel must be one of"),
        ('"方案看人数"', '"{{ hook.__class__ }}"', "replies[2] is not a valid template"),
        ('"方案看人数"', '"{% if %}"', "does not compile"),
        ('"方案看人数"', '"{{ price }}"', "unknown variable price"),
        ('"方案看人数"', '"{{ city }}的方案"', "replies[2] .* fails when city is empty"),
        ('"方案看人数"', "\"{{ 'a' * 10**9 }}\"", "replies[2] .* fails with every field set"),
        ('"方案看人数"', "\"{{ ''|attr('__class__') }}\"", "replies[2] .* private attribute"),
        ('"方案看人数"', '"{{ headcount * 2 }}人"', "replies[2] .* when headcount is empty"),
        ('"方案看人数"', '""', "replies must not contain empty strings"),
        ('id = "price-basic"', 'id = "Price Basic"', 'script "Price Basic": id must be'),
        ('hooks = ["报价单"]', "hooks = [1]", "hooks must be a list of strings"),
    ],
)
def test_validation_names_file_script_and_field(tmp_path, old, new, message) -> None:
    assert old in GOOD
    with pytest.raises(LibraryError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_library(write(tmp_path, GOOD.replace(old, new)))


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match=r"broken.toml: TOML syntax error: .*line \d+"):
        load_library(write(tmp_path, GOOD[:60] + "\n= =\n", "broken.toml"))


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    with pytest.raises(
        LibraryError, match='b.toml: script "price-basic": id already used in a.toml'
    ):
        load_library(tmp_path)


def test_a_bad_file_means_nothing_loads(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, "[[script]]\nid = 1\n", "b.toml")
    with pytest.raises(LibraryError, match="b.toml"):
        load_library(tmp_path)


def test_missing_and_empty_sources(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="no such file"):
        load_library(tmp_path / "nope.toml")
    with pytest.raises(LibraryError, match="no library files"):
        load_library(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(GOOD.encode("gbk"))
    with pytest.raises(LibraryError, match="gbk.toml: not UTF-8"):
        load_library(path)


def test_bundled_ids_unique_and_triggers_distinct_across_categories() -> None:
    library = load_library()
    owners: dict[str, set[str]] = {}
    for script in library.scripts:
        for trigger in script.triggers:
            owners.setdefault(trigger, set()).add(script.category)
    clashes = {t: c for t, c in owners.items() if len(c) > 1}
    assert not clashes, clashes
    assert Counter(s.id for s in library.scripts).most_common(1)[0][1] == 1


def test_guarded_templates_load(tmp_path: Path) -> None:
    guarded = '"{% if city %}{{ city }}的{% endif %}方案'
    guarded += '{% if headcount %}{{ headcount * 2 }}份{% endif %}"'
    library = load_library(write(tmp_path, GOOD.replace('"方案看人数"', guarded)))
    assert library.scripts[0].replies[1].startswith("{% if city %}")


# "None", Jinja or synonym braces, or a unit word where a number should stand ("，人的").
GAP = re.compile(r"None|\{|\}|(^|[，、：～])[人月元天][的，、]")


def test_bundled_replies_never_show_gaps_for_any_mix_of_fields() -> None:
    # The validator tries each field empty alone; random mixes look for interplay it misses.
    rng = random.Random(2024)
    trials = {name: TRIALS.get(name, DEFAULT_TRIAL) for name in ALLOWED_VARIABLES}
    for script in load_library().scripts:
        assert len(script.replies) >= 3, script.id
        for reply in script.replies:
            for _ in range(4):
                mix = {k: t.sample if rng.random() < 0.5 else t.empty for k, t in trials.items()}
                text = render(reply, mix, rng)
                assert not GAP.search(text), text
