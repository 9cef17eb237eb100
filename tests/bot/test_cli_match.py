"""`replydesk match` and `replydesk eval` as real subprocesses."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "replydesk"


def run(*args: str, stdin: bytes | None = None, env: dict | None = None, cwd=None):
    full_env = {**os.environ, "REPLYDESK_CONFIG": "", **(env or {})}
    return subprocess.run(
        [str(BIN), *args], input=stdin, capture_output=True, env=full_env, cwd=cwd, timeout=120
    )


def test_match_prints_category_suggestions_and_fields() -> None:
    done = run(
        "match", "你好，我们50人想在7月团建，人均500，多少钱", "--account", "TJ", "--seed", "1"
    )
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "分类：价格 (price)" in out
    assert out.count("\n1. ") == 1 and "\n3. " in out
    assert "人数=50" in out and "人均预算=500" in out and "月份=7" in out


def test_match_json_lines_from_stdin() -> None:
    lines = ["多少钱", "", "😍😍😍", "我电话15910237846，方案发我一份", "x" * 5000]
    stdin = ("\n".join(lines) + "\n").encode() + b"\xff\xfe broken\n"
    done = run("match", "--json", "--account", "TJ", "--channel", "comment", stdin=stdin)
    assert done.returncode == 0, done.stderr.decode()
    rows = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(rows) == 6
    price, empty, emoji, given, huge, broken = rows
    assert price["category"] == "price" and len(price["suggestions"]) == 3
    assert set(price["fields"]) == {
        "city", "headcount", "budget_per_head", "budget_total", "month", "phone", "wechat"
    }  # fmt: skip
    assert all(isinstance(a, list) and len(a) == 2 for a in price["alternatives"])
    assert "empty" in empty["error"] and empty["error"].startswith("line 2")
    assert emoji["category"] == "invalid"
    assert given["category"] == "contact_given" and given["fields"]["phone"] == "15910237846"
    assert "limit" in huge["error"]
    assert "UTF-8" in broken["error"]


def test_match_json_with_a_text_answers_that_text_alone() -> None:
    done = run("match", "--json", "--account", "TJ", "我电话15910237846", stdin=b"multi\n")
    assert done.returncode == 0, done.stderr.decode()
    (row,) = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert row["category"] == "contact_given" and row["fields"]["phone"] == "15910237846"


def test_match_without_an_inquiry_says_how_to_give_one() -> None:
    done = run("match")
    assert done.returncode == 2 and done.stdout == b""
    assert "请给出客户的消息" in done.stderr.decode() and "操作失败" not in done.stderr.decode()


def test_unsure_inquiries_say_so() -> None:
    done = run("match", "--json", stdin="齉龘靐齾爩\n".encode())
    row = json.loads(done.stdout)
    assert row["confident"] is False


def test_english_locale_by_config(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('locale = "en"\n', encoding="utf-8")
    done = run("--config", str(config), "match", "多少钱")
    assert "Category: Price (price)" in done.stdout.decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[matching]\nthreshold = 300\n", "[matching] threshold 应在 0 到 100 之间，现在是 300"),
        ("[matching]\nthreshhold = 3\n", "没有 [matching] threshhold 这一项"),
        ('timezone = "Mars/Base"\n', "没有时区「Mars/Base」"),
        ("locale = \n", "bad.toml 第 1 行第 10 列：TOML 格式有误"),
        (
            '[leads]\nclue_format = "{account}-{when}-{seq}"\n',
            "线索编号格式「{account}-{when}-{seq}」无效",
        ),
        ('[[accounts]]\ncode = "TJ"\n[[accounts]]\ncode = "tj"\n', "accounts 里有重复的账号代码"),
        (
            '[matching]\nstarter_examples = "yes"\n',
            "starter_examples 应为 true 或 false，现在是 'yes'",
        ),
    ],
)
def test_broken_config_fails_at_start_naming_the_key(tmp_path: Path, body: str, message: str):
    config = tmp_path / "bad.toml"
    config.write_text(body, encoding="utf-8")
    done = run("match", "多少钱", env={"REPLYDESK_CONFIG": str(config)})
    assert done.returncode == 2
    error = done.stderr.decode()
    assert message in error and "Traceback" not in error
    assert not any(word in error for word in ("must", "unknown", "error", "got"))  # one language


def test_config_found_in_working_directory(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('locale = "en"\n', encoding="utf-8")
    assert "Category:" in run("match", "多少钱", cwd=tmp_path).stdout.decode()


def test_eval_reports_accuracy_and_fields(tmp_path: Path) -> None:
    tsv = tmp_path / "e.tsv"
    tsv.write_text(
        "text\tcategory\tcity\theadcount\taccount\n多少钱\tprice\t\t\tTJ\n"
        "北京50人团建去哪\tdestination\t北京\t50\tTJ\n",
        encoding="utf-8",
    )
    out = run("eval", str(tsv)).stdout.decode()  # Chinese by default
    assert "首位命中：100.0%（2/2）" in out
    assert "城市" in out and "分错的" in out and "city" not in out
    assert "有把握：2 行，首位命中 100.0%；不确定：0 行" in out
    assert "期望校准误差" in out
    english = tmp_path / "en.toml"
    english.write_text('locale = "en"\n', encoding="utf-8")
    out = run("--config", str(english), "eval", str(tsv)).stdout.decode()
    assert "top-1 accuracy: 100.0% (2/2)" in out
    assert "city" in out and "confusion" in out and "城市" not in out
    assert "confident: 2 rows, top-1 100.0%; not sure: 0 rows" in out
    assert "expected calibration error" in out


def test_eval_missing_column(tmp_path: Path) -> None:
    tsv = tmp_path / "e.tsv"
    tsv.write_text("text\tlabel\n多少钱\tprice\n", encoding="utf-8")
    done = run("eval", str(tsv))
    assert done.returncode == 2 and "表头缺少「category」列" in done.stderr.decode()


def test_json_category_is_null_only_when_nothing_is_known() -> None:
    done = run("match", "--json", "--account", "TJ", stdin="[哭惹R]\n？\n".encode())
    first, second = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert first["category"] is None and first["confident"] is False
    assert second["category"] == "first_inquiry"


def test_eval_cross_validates_next_to_the_baseline(tmp_path: Path) -> None:
    tsv = tmp_path / "e.tsv"
    body = "".join(f"多少钱{n}\tprice\tTJ\n在吗{n}\tfirst_inquiry\tTJ\n" for n in range(4))
    tsv.write_text("text\tcategory\taccount\n" + body, encoding="utf-8")
    out = run("eval", "--cv", "2", str(tsv)).stdout.decode()
    assert "交叉验证：2 折" in out and "引擎 首位" in out and "基线 首位" in out


def test_match_keeps_its_trained_models_private_unless_turned_off(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ("match", "人均多少钱", "--seed", "3")
    first = run(*args, env={"XDG_CACHE_HOME": str(cache)})
    assert first.returncode == 0, first.stderr.decode()
    kept = sorted((cache / "replydesk" / "models").iterdir())
    assert len(kept) == 2  # one model per configured account
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in kept)
    before = {p: p.stat() for p in kept}
    second = run(*args, env={"XDG_CACHE_HOME": str(cache)})
    assert second.stdout == first.stdout
    assert sorted((cache / "replydesk" / "models").iterdir()) == kept
    for path, old in before.items():  # read again (touched), not trained and replaced
        new = path.stat()
        assert new.st_ino == old.st_ino and new.st_mtime_ns > old.st_mtime_ns
    config = tmp_path / "c.toml"
    config.write_text("[matching]\nmodel_cache = false\n", encoding="utf-8")
    off = run("--config", str(config), *args, env={"XDG_CACHE_HOME": str(tmp_path / "off")})
    assert off.stdout == first.stdout and not (tmp_path / "off").exists()
