"""`replydesk examples ...`, `match` with the database's examples, and `/cat` in the chat."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

from tests.bot.test_cli_leads import BIN, make_cli
from tests.bot.test_terminal import chat, home  # noqa: F401  (home is a fixture)

TSV = "text\tcategory\taccount\n多少钱\tcase_study\tTJ\n有没有发票呀\tlogistics\t\n"


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def category(run, text: str = "多少钱") -> str:
    done = ok(run("match", "--json", "--account", "TJ", input_text=text))
    return json.loads(done)["category"]


def runner(folder: Path):
    run = make_cli(folder)

    def call(*args: str, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
        if input_text is None:
            return run(*args)
        config = folder / "config.toml"
        return subprocess.run(
            [str(BIN), "--config", str(config), *args], input=input_text + "\n",
            capture_output=True, encoding="utf-8", timeout=120, cwd=folder,
        )  # fmt: skip

    return call


def test_import_list_export_remove_round_trip(tmp_path: Path) -> None:
    run = runner(tmp_path)
    assert category(run) == "price"
    assert not (tmp_path / "x.sqlite").exists()  # match never creates a database
    (tmp_path / "a.tsv").write_text(TSV, encoding="utf-8")
    assert "已导入 2 条样例" in ok(run("examples", "import", "a.tsv"))
    assert category(run) == "case_study"  # match uses the database's examples
    listed = ok(run("examples", "list")).splitlines()
    assert listed[0].split("\t")[:3] == ["1", "TJ", "case_study"]
    assert "⚠" in listed[0] and "价格" in listed[0]  # equals a price trigger
    assert listed[1].split("\t")[1:3] == ["*", "logistics"] and "⚠" not in listed[1]
    assert listed[-2:] == ["case_study\t案例\t1", "logistics\t细节\t1"]
    only = ok(run("examples", "list", "--category", "细节")).splitlines()
    assert [line.split("\t")[0] for line in only[:-3]] == ["2"]  # counts cover all categories
    assert "out.tsv（2 条样例）" in ok(run("examples", "export", "-o", "out.tsv"))
    assert (tmp_path / "out.tsv").read_text(encoding="utf-8") == TSV
    (tmp_path / "x2").mkdir()
    other = runner(tmp_path / "x2")
    ok(other("examples", "import", str(tmp_path / "out.tsv")))
    assert ok(other("examples", "list")).splitlines()[-2:] == listed[-2:]
    assert "已撤销样例 #1" in ok(run("examples", "remove", "1"))
    assert category(run) == "price"
    again = run("examples", "remove", "1")
    assert again.returncode == 2 and "没有编号为 1 的样例" in again.stderr


def test_phones_in_examples_are_masked_everywhere_and_exports_are_owner_only(
    tmp_path: Path,
) -> None:
    run = runner(tmp_path)
    given = "我电话15910237846，方案发我"
    (tmp_path / "p.tsv").write_text(f"text\tcategory\n{given}\tcase_study\n", encoding="utf-8")
    ok(run("examples", "import", "p.tsv"))
    listed = ok(run("examples", "list"))
    assert "159****7846" in listed and "15910237846" not in listed
    ok(run("examples", "export", "-o", "out.tsv"))
    out = tmp_path / "out.tsv"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "159****7846" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []
    missing = run("examples", "export", "-o", str(tmp_path / "nowhere" / "x.tsv"))
    assert missing.returncode == 2 and "x.tsv：文件夹不存在" in missing.stderr
    assert "No such" not in missing.stderr  # the OS's English reason is not shown in zh


def test_a_bad_file_is_refused_whole(tmp_path: Path) -> None:
    run = runner(tmp_path)
    (tmp_path / "bad.tsv").write_text(TSV + "在吗\tnope\t\n", encoding="utf-8")
    done = run("examples", "import", "bad.tsv")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "bad.tsv 第 4 行：没有分类「nope」" in done.stderr
    (tmp_path / "gbk.tsv").write_bytes(TSV.encode("gb18030"))
    assert "GBK 编码" in run("examples", "import", "gbk.tsv").stderr
    (tmp_path / "nocat.tsv").write_text("text\n多少钱\n", encoding="utf-8")
    refused = run("examples", "import", "nocat.tsv").stderr
    assert "nocat.tsv 第 1 行：表头缺少「category」列" in refused
    assert not any(word in refused for word in ("line", "missing", "column"))  # one language
    assert ok(run("examples", "list")).splitlines() == ["各分类样例数："]
    config = tmp_path / "config.toml"
    config.write_text('locale = "en"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    english = run("examples", "import", "bad.tsv").stderr
    assert "bad.tsv, line 4: no category 'nope'" in english and "行" not in english


def test_cat_in_the_chat_corrects_and_undo_removes(home: dict[str, str]) -> None:  # noqa: F811
    out = chat(home, "TJ", "多少钱", "/cat 报价啦", "/cat 案例", "/examples", "多少钱", "/quit")
    assert "不认识的分类「报价啦」" in out
    assert "已改为「案例」并记为样例 #1" in out
    after = out.split("已改为「案例」")[1]
    assert "分类：案例" in after and "\n1. " in after  # new suggestions from 案例
    assert "#1 TJ" in after and "⚠ 与「价格」的示例相同" in after
    assert after.split("#1 TJ")[1].count("分类：案例") == 1  # the next paste: 案例 at once
    out = chat(home, "/examples undo 1", "多少钱", "/quit")
    assert "已撤销样例 #1" in out and "分类：价格" in out
