"""The bundled starter examples: a valid labelled set, in step with its sources, used by default."""

import csv
import json
from pathlib import Path

import pytest

from benchmarks.variants import SETS
from bot.config import ConfigError, load_config
from bot.evalfile import read_rows
from bot.runtime import build_engine
from replies.classifier import model_text
from replies.engine import Engine
from replies.library import load_library
from replies.starter import STARTER, starter_examples
from tests.bot.test_cli_match import run


def _keys(path: Path) -> set[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {(row["text"].strip(), row["account"]) for row in rows}


def test_the_starter_file_is_a_valid_labelled_set_of_the_example_accounts() -> None:
    rows = read_rows(STARTER, load_library().categories)  # refuses duplicates, bad categories
    examples = starter_examples()
    assert len(rows) == len(examples) > 1000
    assert {e.account for e in examples} == {"TJ", "MZ"}
    assert [(e.text, e.category) for e in examples] == [(r.text, r.category) for r in rows]


def test_every_tuning_set_present_is_in_the_starter_examples() -> None:
    starter = _keys(STARTER)
    present = [path for path in SETS if path.is_file()]
    assert len(present) >= 4  # the dev set lives beside the project and may be absent
    for path in present:
        assert _keys(path) <= starter, f"{path} changed: run python -m benchmarks.starter"


def test_config_turns_them_off_and_checks_the_type(tmp_path: Path) -> None:
    off = tmp_path / "off.toml"
    off.write_text("[matching]\nstarter_examples = false\n", encoding="utf-8")
    assert build_engine(load_config(str(off)), warm=False).examples == ()
    assert len(build_engine(load_config(None), warm=False).examples) == len(starter_examples())
    bad = tmp_path / "bad.toml"
    bad.write_text('[matching]\nstarter_examples = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[matching\] starter_examples: must be bool"):
        load_config(str(bad))


def _a_row_the_library_alone_misplaces() -> tuple[str, str, str]:
    engine = Engine(load_library())
    for example in starter_examples():
        if example.account == "TJ" and len(model_text(example.text)) >= 4:
            alone = engine.classify(example.text, account="TJ").matches[0].category
            if alone != example.category:
                return example.text, example.category, alone
    raise AssertionError("the library alone places every starter example")


def test_match_learns_the_starter_examples_unless_turned_off(tmp_path: Path) -> None:
    text, label, alone = _a_row_the_library_alone_misplaces()
    (tmp_path / "config.toml").write_text("[matching]\nstarter_examples = false\n")
    stdin = (text + "\n").encode()
    shipped = json.loads(run("match", "--json", "--account", "TJ", stdin=stdin).stdout)
    off = json.loads(run("match", "--json", "--account", "TJ", stdin=stdin, cwd=tmp_path).stdout)
    assert (shipped["category"], off["category"]) == (label, alone)


def test_eval_starter_leaves_out_the_rows_it_scores(tmp_path: Path) -> None:
    first = starter_examples()[0]
    tsv = tmp_path / "e.tsv"
    tsv.write_text(
        f"text\tcategory\taccount\n{first.text}\t{first.category}\t{first.account}\n"
        "这条是新写的测试询问，和入门示例都不同\tfirst_inquiry\tTJ\n",
        encoding="utf-8",
    )
    scored = {(model_text(r.text), r.account) for r in read_rows(tsv)}
    kept = [e for e in starter_examples() if (model_text(e.text), e.account) not in scored]
    done = run("eval", "--starter", "--no-baseline", str(tsv))
    assert done.returncode == 0, done.stderr.decode()
    assert f"每个参评方先学习 {len(kept)} 条内置起步样例" in done.stdout.decode()
    assert len(kept) < len(starter_examples())
