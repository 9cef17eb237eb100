"""Library benchmark: a 10 000-script xlsx import, the per-inquiry reload check, live reload.

* `replydesk scripts import` of a generated 10 000-script xlsx (a real process): wall
  time and peak RSS, next to openpyxl only reading the same rows (the floor).
* `inquiries.handle` with the per-inquiry "scripts" stamp check against the same inquiry
  with the check switched off: p50 per inquiry and the ratio.
* Saved change -> first inquiry answered with it in a second process (a reply edit,
  which keeps the trained models, and a trigger edit, which retrains), next to what a
  restart costs (a fresh process opening the desk and answering).
* On the 10 000-script database: one edited script reloaded (changed scripts only)
  against opening the library whole (first training the models, then reading them kept).
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.config import Config
from bot.desk import Actor, Desk, inquiries, reload, scripts
from bot.desk.access import identify
from bot.scriptwrite import write_scripts
from replies.models import Script
from storage import accounts as account_store

BIN = Path(sys.executable).parent / "replydesk"
SIZE = 10_000
LEAD = Actor("terminal:bench", "bench")
SCRIPT = "tj-price-general-dm"
CATEGORIES = ("price", "destination", "activities", "logistics", "case_study", "first_inquiry")
PLACES = "北京上海广州深圳杭州成都重庆西安南京苏州天津武汉长沙青岛厦门大理三亚桂林丽江"
MARK = "热更新测量"
CHILD = """
import sys, time
from bot.config import Config
from bot.desk import Actor, Desk, inquiries
started = time.time()
desk = Desk.open(Config(database_url=sys.argv[1]))
actor = Actor("terminal:child", "child")
inquiries.handle(desk, "团建多少钱", actor=actor, account="TJ")
print("ready", time.time() - started, flush=True)
for mark in sys.argv[2:]:
    while True:
        found = inquiries.handle(desk, "团建多少钱", actor=actor, account="TJ")
        if any(mark in r.text for r in found.suggestion.replies):
            print("seen", time.time(), flush=True)
            break
        time.sleep(0.05)  # an inquiry every 50 ms: busy, but not a spin loop
"""


def generated(n: int) -> list[Script]:
    """n scripts with distinct words over a few template shapes, as a grown library has."""
    out = []
    for i in range(n):
        p = PLACES[(2 * i) % len(PLACES) :][:2]
        replies = (
            f"{{您好|你好}}，{p}{i}号方案{{{{ hook }}}}可以发您",
            f"{p}{i}{{可以|能}}安排，{{% if headcount %}}{{{{ headcount }}}}人{{% endif %}}"
            f"看{{{{ hook }}}}",
            f"{{亲|您好}}～{p}这条线{i}很多客户选，{{{{ hook }}}}发您看看",
        )
        triggers = (f"{p}团建方案{i}", f"{p}{i}号场地多少钱", f"去{p}玩{i}天怎么安排")
        out.append(Script(f"gen-{i:05d}", CATEGORIES[i % 6], triggers, replies,
                          hooks=(f"{p}方案合集",)))  # fmt: skip
    return out


def bench_import(folder: Path) -> str:
    """Time and peak memory of the real import; returns the database URL it filled."""
    path = folder / "big.xlsx"
    write_scripts(generated(SIZE), "xlsx", path)
    url = f"sqlite:///{folder / 'big.sqlite'}"
    config = folder / "config.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', "utf-8")
    start = time.perf_counter()
    subprocess.run([str(BIN), "--config", str(config), "scripts", "import", str(path), "--yes"],
                   check=True, capture_output=True)  # fmt: skip
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    import openpyxl

    start = time.perf_counter()
    rows = sum(1 for _ in openpyxl.load_workbook(path, read_only=True).active.iter_rows())
    floor = time.perf_counter() - start
    print(f"import of {SIZE} scripts (xlsx, {path.stat().st_size // 1024} KB): {took:.1f} s,"
          f" peak RSS {peak:.0f} MB; openpyxl reading its {rows} rows alone: {floor:.1f} s"
          f" (import / bare read: {took / floor:.1f}x)")  # fmt: skip
    return url


def bench_check(url: str, runs: int = 60) -> None:
    """Per-inquiry cost with and without the stamp check."""
    desk = Desk.open(Config(database_url=url), rng=random.Random(1))
    with desk.transaction() as session:
        identify(session, LEAD)
    real = reload.refresh
    times: dict[bool, list[float]] = {True: [], False: []}
    for n in range(2 * runs):  # interleaved, so the growing thread weighs on both alike
        check = n % 2 == 0
        reload.refresh = real if check else (lambda desk: None)  # type: ignore[assignment]
        start = time.perf_counter()
        inquiries.handle(desk, "团建多少钱", actor=LEAD, account="TJ")
        times[check].append(time.perf_counter() - start)
    reload.refresh = real  # type: ignore[assignment]
    with_check, without = statistics.median(times[True]), statistics.median(times[False])
    start = time.perf_counter()
    for _ in range(runs):
        reload.refresh(desk)
    alone = (time.perf_counter() - start) / runs
    print(f"inquiry p50 with the stamp check {1000 * with_check:.2f} ms, without"
          f" {1000 * without:.2f} ms (ratio {with_check / without:.3f}); the check alone"
          f" {1000 * alone:.3f} ms")  # fmt: skip


def bench_second_process(url: str) -> None:
    """Saved change -> first inquiry answered with it by another running process."""
    desk = Desk.open(Config(database_url=url))
    marks = [f"{MARK}甲", f"{MARK}乙"]
    child = subprocess.Popen([sys.executable, "-c", CHILD, url, *marks], stdout=subprocess.PIPE,
                             text=True)  # fmt: skip
    assert child.stdout is not None
    restart = float(child.stdout.readline().split()[1])
    for mark, edit in zip(marks, ("replies", "triggers")):
        seen = scripts.show(desk, SCRIPT, actor=LEAD)
        data = {
            **seen.data,
            "replies": [f"{{您好|你好}}，{mark}{n}，{{{{ hook }}}}" for n in range(3)],
        }
        if edit == "triggers":
            data["triggers"] = [*seen.data["triggers"], "团建报价单发一下"]
        saved = time.time()
        scripts.save(desk, SCRIPT, data, version=seen.version, actor=LEAD)
        latency = float(child.stdout.readline().split()[1]) - saved
        print(
            f"saved {edit} edit -> answered in a second process: {latency:.2f} s"
            f" (a restart instead: {restart:.2f} s; ratio {latency / restart:.2f})"
        )
    child.wait(timeout=120)


def bench_rebuild(url: str) -> None:
    """On the 10 000-script database: one edited script reloaded vs the library read whole."""
    start = time.perf_counter()
    Desk.open(Config(database_url=url))  # trains both accounts' models and keeps them
    trained = time.perf_counter() - start
    start = time.perf_counter()
    desk = Desk.open(Config(database_url=url))  # as a restart: the kept models are read
    whole = time.perf_counter() - start
    desk.reloading.background = False
    with desk.transaction() as session:  # the importing terminal user is the admin here
        account_store.ensure_operator(session, handle=LEAD.handle, display_name="b", role="lead")
        account_store.set_operator_role(session, handle=LEAD.handle, role="lead")
    seen = scripts.show(desk, "gen-00042", actor=LEAD)
    edited = [f"{{您好|你好}}，改过的第{n}句，{{{{ hook }}}}" for n in range(3)]
    scripts.save(desk, "gen-00042", {**seen.data, "replies": edited}, version=seen.version,
                 actor=LEAD)  # fmt: skip
    start = time.perf_counter()
    reload.refresh(desk)
    one = time.perf_counter() - start
    print(
        f"{SIZE}-script library: one edited reply reloaded in {one:.2f} s (off the inquiry path),"
        f" opening the library whole {whole:.1f} s (ratio {one / whole:.3f}); the first"
        f" opening, training the models, {trained:.1f} s"
    )


def main() -> None:
    """Run every part on fresh SQLite files."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")  # models kept here, not the user's
        small = f"sqlite:///{folder / 'small.sqlite'}"
        bench_check(small)
        bench_second_process(small)
        big = bench_import(folder)
        bench_rebuild(big)


if __name__ == "__main__":
    main()
