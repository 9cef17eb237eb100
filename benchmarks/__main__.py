"""Run every benchmark: `python -m benchmarks [matching|startup|storage ...]`."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import library, matching, model, retrieval, storage, summary, telegram

BIN = Path(sys.executable).parent


def startup(runs: int = 5) -> None:
    """Cold start of `replydesk match "在吗"` as a fresh process (median of runs)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([BIN / "replydesk", "match", "在吗"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(
        f'\ncold start `replydesk match "在吗"`: median {statistics.median(times):.2f} s'
        f" over {runs} runs (min {min(times):.2f} s)"
    )
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
