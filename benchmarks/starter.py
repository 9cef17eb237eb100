"""Write the bundled starter examples from the labelled sets: `python -m benchmarks.starter`.

The starter examples (``replies/data/starter-examples.tsv``) are the labelled inquiries
of every set that has been used for tuning, one row per distinct text and account, in
the same columns. Leave-one-file-out chose them: trained on the other sets as examples,
each set scores several points above the library alone (README, "Starter examples").
A blind set joins only after its one scoring as held out.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from benchmarks.variants import SETS
from replies.starter import STARTER


def main(out: Path = STARTER) -> None:
    """Concatenate the sets, keeping the first of rows with equal text and account."""
    header: list[str] | None = None
    rows, seen = [], set()
    for path in SETS:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = header or list(reader.fieldnames or [])
            for row in reader:
                key = (row["text"].strip(), row["account"])
                if key not in seen:
                    seen.add(key)
                    rows.append(row)
    assert header is not None
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, header, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
    print(f"{out}: {len(rows)} rows from {len(SETS)} sets", file=sys.stderr)


if __name__ == "__main__":
    main()
