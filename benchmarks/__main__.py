"""Run every benchmark: `python -m benchmarks [matching|startup|storage ...]`."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import library, matching, model, retrieval, storage, summary, telegram

BIN = Path(sys.executable).parent


def startup(runs: int = 5) -> None:
    """Cold start of `replydesk match "在吗"` as a fresh process (median of runs), training
    its models and reading them kept from an earlier start, interleaved."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "XDG_CACHE_HOME": folder, "REPLYDESK_CONFIG": ""}
        off = Path(folder) / "off.toml"
        off.write_text("[matching]\nmodel_cache = false\n", encoding="utf-8")
        command = [str(BIN / "replydesk"), "match", "在吗"]
        subprocess.run(command, check=True, capture_output=True, env=env)  # keeps the models
        times: dict[str, list[float]] = {"trained": [], "read": []}
        for _ in range(runs):
            for name, extra in (("trained", ["--config", str(off)]), ("read", [])):
                start = time.perf_counter()
                subprocess.run([*command[:1], *extra, *command[1:]], check=True, env=env,
                               capture_output=True)  # fmt: skip
                times[name].append(time.perf_counter() - start)
    for name, taken in times.items():
        print(
            f'cold start `replydesk match "在吗"`, models {name}: median'
            f" {statistics.median(taken):.2f} s over {runs} runs (min {min(taken):.2f} s)"
        )
    trained, read = (statistics.median(t) for t in times.values())
    print(f"kept models make the start {trained / read:.2f}x faster")
    # What fitting with scikit-learn would add: its import, after what the engine imports.
    code = "import time, numpy, scipy.sparse; t = time.perf_counter(); import sklearn.svm; "
    code += "print(time.perf_counter() - t)"
    run = [sys.executable, "-c", code]
    imports = [float(subprocess.run(run, check=True, capture_output=True).stdout) for _ in range(3)]
    print(
        f"importing scikit-learn's LinearSVC on top (what the numpy solvers spare every"
        f" start): median {statistics.median(imports):.2f} s over 3 runs"
    )


BENCHES = {
    "library": library.main,
    "model": model.main,
    "matching": matching.main,
    "retrieval": retrieval.main,
    "startup": startup,
    "storage": storage.main,
    "summary": summary.main,  # daily summary on 5M inquiries vs naive Python; chart time
    "telegram": telegram.main,
}


def main(names: list[str]) -> None:
    """Run the named benchmarks (all when none are named)."""
    for name in names or list(BENCHES):
        print(f"== {name} ==")
        BENCHES[name]()
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
