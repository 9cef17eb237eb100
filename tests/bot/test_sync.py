"""`scripts sync`: the seed's new and changed scripts, the team's edits kept, never silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config
from bot.desk import Actor, Desk, scripts
from bot.desk.access import identify
from bot.desk.seed import _notice, apply_sync, plan_sync
from storage import scripts as script_store
from tests.bot.test_cli_examples import ok
from tests.bot.test_cli_scripts import folder

LEAD = Actor("terminal:lead", "lead")


def script(sid: str, reply: str, category: str = "price") -> str:
    replies = ", ".join(f'"{reply}{n}，{{{{ hook }}}}"' for n in range(3))
    return (
        f'[[script]]\nid = "{sid}"\ncategory = "{category}"\nchannel = "dm"\n'
        f'hooks = ["报价单"]\ntriggers = ["多少钱{sid}", "怎么收费{sid}", "报价{sid}"]\n'
        f"replies = [{replies}]\n\n"
    )


def test_sync_takes_seed_news_and_keeps_team_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = tmp_path / "seed.toml"
    seed.write_text(script("a", "旧") + script("b", "旧"), encoding="utf-8")
    desk = Desk.open(Config(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
                            library_paths=(seed,)))  # fmt: skip
    with desk.transaction() as session:
        identify(session, LEAD)
    seen = scripts.show(desk, "a", actor=LEAD)
    scripts.save(desk, "a", {**seen.data, "tags": ["团队改过"]}, version=seen.version, actor=LEAD)
    seed.write_text(script("a", "新") + script("b", "新") + script("c", "新"), encoding="utf-8")
    _notice(desk)
    said = capsys.readouterr().err
    assert "2 处新内容" in said and "replydesk scripts sync" in said
    sync = plan_sync(desk, actor=LEAD)
    assert [s.id for s in sync.plan.added] == ["c"]
    assert [s.id for s, _ in sync.plan.changed] == ["b"] and [r.id for r in sync.kept] == ["a"]
    assert not sync.plan.retired
    apply_sync(desk, sync, actor=LEAD)
    with desk.transaction() as session:
        b = script_store.get_script(session, script_id="b")
        a = script_store.get_script(session, script_id="a")
    assert b.version == 2 and b.edited_by is None and b.source == "file"  # still the seed's
    assert b.data["replies"][0].startswith("新") and a.data["tags"] == ["团队改过"]
    again = plan_sync(desk, actor=LEAD)
    assert again.plan.empty and [r.id for r in again.kept] == ["a"]
    _notice(desk)
    assert capsys.readouterr().err == ""


def test_scripts_sync_previews_asks_and_applies(tmp_path: Path) -> None:
    seed = tmp_path / "seed.toml"
    seed.write_text(script("a", "旧"), encoding="utf-8")
    _, run = folder(tmp_path, "home", seed)
    ok(run("scripts", "list"))  # seeds the database
    seed.write_text(script("a", "新") + script("c", "新"), encoding="utf-8")
    asked = run("scripts", "sync", input_text="n")
    assert asked.returncode == 1 and "新增 1 · 可更新 1 · 保留团队修改 0" in asked.stdout
    assert "+ 新增：c" in asked.stdout and "~ 修改：a" in asked.stdout
    assert "数据库未改动" in asked.stdout
    assert "已导入" in ok(run("scripts", "sync", "--yes"))
    report = ok(run("scripts", "stats", "--days", "7", "--category", "价格", "--account", "TJ"))
    assert report.startswith("话术转化 · 近 7 天 · 账号 TJ · 分类 价格") and "归因" in report
    assert "30 天未被使用、可考虑停用的话术（2）：a, c" in report and "按钩子：" in report
