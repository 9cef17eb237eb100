"""`replydesk scripts propose | pending | approve` as real subprocesses, as two terminal users."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from storage.accounts import ensure_operator
from storage.db import make_db, make_session_factory, upgrade
from tests.bot.test_cli_examples import ok
from tests.bot.test_cli_leads import BIN

PRICE = "tj-price-general-dm"


def as_user(folder: Path, user: str, *args: str) -> subprocess.CompletedProcess[str]:
    """replydesk on folder's database, run by the OS user ``user`` (the terminal's actor)."""
    env = {**os.environ, "REPLYDESK_CONFIG": "", "USER": user, "LOGNAME": user}
    for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(folder / name.lower())
    return subprocess.run(
        [str(BIN), "--config", str(folder / "config.toml"), *args],
        capture_output=True, encoding="utf-8", env=env, cwd=folder, timeout=120,
    )  # fmt: skip


def test_an_operator_proposes_and_a_lead_approves(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    (tmp_path / "config.toml").write_text(f"[database]\nurl = {json.dumps(url)}\n")
    db = make_db(url)
    upgrade(db)
    with make_session_factory(db).begin() as session:
        for name, role in (("boss", "lead"), ("ann", "operator")):
            ensure_operator(session, handle=f"terminal:{name}", display_name=name, role=role)
    db.dispose()
    texts = ("--text", "学生团有优惠吗", "--text", "学生价")
    proposed = ok(as_user(tmp_path, "ann", "scripts", "propose", "--kind", "trigger",
                          "--script", PRICE, *texts))  # fmt: skip
    assert "已提交提议 #1（触发语，话术 tj-price-general-dm）" in proposed
    queue = ok(as_user(tmp_path, "boss", "scripts", "pending")).splitlines()
    assert len(queue) == 1
    assert queue[0].split("\t")[:4] == ["#1", "触发语", PRICE, "ann"]
    assert queue[0].endswith("学生团有优惠吗 | 学生价")
    done = ok(as_user(tmp_path, "boss", "scripts", "approve", "1"))
    assert f"已批准提议 #1：话术 {PRICE} 现为第 2 版" in done
