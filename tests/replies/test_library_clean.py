"""No bundled trigger may be a near-copy of a labelled row: that would flatter every figure."""

import csv
from pathlib import Path

from rapidfuzz import fuzz

from replies.library import load_library
from replies.normalize import for_matching

ROOT = Path(__file__).resolve().parents[2]
SETS = [
    ROOT.parent / "shared" / "eval" / "inquiries-dev.tsv",
    *sorted((ROOT / "benchmarks" / "data").glob("*.tsv")),
]
MIN_CHARS = 8
MAX_RATIO = 90


def labelled_texts() -> list[str]:
    texts = []
    for path in SETS:
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                texts += [for_matching(row["text"]) for row in rows]
    return [t for t in texts if len(t) >= MIN_CHARS]


def test_no_trigger_is_a_near_copy_of_a_labelled_row() -> None:
    rows = labelled_texts()
    assert len(rows) > 100
    copies = [
        (script.id, trigger, row)
        for script in load_library().scripts
        for trigger in script.triggers
        for row in rows
        if fuzz.ratio(for_matching(trigger), row) >= MAX_RATIO
    ]
    assert copies == []
