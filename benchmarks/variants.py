"""Engine variants under 5-fold CV on every labelled set: `python -m benchmarks.variants`.

Variants are chosen by these figures only (never by a set's misses).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.evalcv import engine_trainer
from bot.evalfile import read_rows
from replies import safety
from replies.classifier import ModelOptions, model_text
from replies.library import load_library
from replies.validation import cross_validate

SETS = (
    Path("../shared/eval/inquiries-dev.tsv"),
    Path("benchmarks/data/inquiries-fresh.tsv"),
    Path("benchmarks/data/inquiries-fresh2.tsv"),
)
VARIANTS = {
    "default": ModelOptions(),
    "C=5": ModelOptions(c=5.0),
    "C=50": ModelOptions(c=50.0),
    "examples x3": ModelOptions(example_weight=3.0),
    "1-4 grams": ModelOptions(max_n=4),
    "1-2 grams": ModelOptions(max_n=2),
    "index 0.3": ModelOptions(index_weight=0.3),
    "index 0.5": ModelOptions(index_weight=0.5),
    "index 0.7": ModelOptions(index_weight=0.7),
    "index 0.5 C=5": ModelOptions(index_weight=0.5, c=5.0),
    "shared model": ModelOptions(per_account=False),
    "no contact rule": ModelOptions(contact_rule=False),
    "min_df=2": ModelOptions(min_df=2),
    "sklearn lbfgs": ModelOptions(solver="sklearn"),
    "tol 1e-4": ModelOptions(tol=1e-4),
}


def main(names: list[str]) -> None:
    """Print mean top-1 / top-3 per set and overall for each variant."""
    library, rules = load_library(), safety.load_rules()
    sets = [(p.name, read_rows(p, library.categories)) for p in SETS if p.exists()]
    for name, options in VARIANTS.items():
        if names and name not in names:
            continue
        trainer = engine_trainer(library, rules, options)
        figures = [cross_validate(rows, trainer, 5, key=model_text) for _, rows in sets]
        cells = "  ".join(
            f"{s:<22} {f.top1_mean:.1%}/{f.top3_mean:.1%}" for (s, _), f in zip(sets, figures)
        )
        mean = sum(f.top1_mean for f in figures) / len(figures)
        print(f"{name:<14} {cells}  mean top-1 {mean:.2%}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
