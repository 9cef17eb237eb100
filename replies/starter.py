"""The bundled starter examples: labelled inquiries for the two example accounts.

They teach the category model what customers of the example accounts (TJ, MZ) write,
beyond the library's triggers, before a team has corrected anything; each row names its
account, so a team's own accounts learn nothing from them. ``[matching]
starter_examples = false`` turns them off. Written by ``python -m benchmarks.starter``.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from replies.models import Example

STARTER = Path(__file__).parent / "data" / "starter-examples.tsv"


@lru_cache(maxsize=1)
def starter_examples() -> tuple[Example, ...]:
    """The bundled starter examples, in file order."""
    with STARTER.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return tuple(Example(r["text"], r["category"], r["account"] or None) for r in rows)
