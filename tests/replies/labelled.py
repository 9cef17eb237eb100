"""The labelled inquiry sets tests read: every bundled one, plus the dev set when present."""

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETS = [
    ROOT.parent / "shared" / "eval" / "inquiries-dev.tsv",  # beside the project, when present
    *sorted((ROOT / "benchmarks" / "data").glob("inquiries-*.tsv")),
]


def labelled_texts() -> list[str]:
    """The text column of every labelled set found, in file order."""
    texts: list[str] = []
    for path in SETS:
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                texts += [row["text"] for row in rows]
    return texts
