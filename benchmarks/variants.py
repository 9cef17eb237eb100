"""Engine variants under cross-validation on every labelled set: `python -m benchmarks.variants`.

Variants are chosen by these figures only (never by a set's misses). Each variant gets
5-fold CV (two fold seeds, pooled) on each set and leave-one-file-out over all of them,
next to the LinearSVC baseline on the same folds. Both earlier blind sets are here: each
was scored once as held out and became a tuning set after; the next blind set stays out
until its one scoring.

    python -m benchmarks.variants [NAME ...]   # every variant when none is named
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from bot.evalcv import baseline_trainer, engine_trainer
from bot.evalfile import read_rows
from replies import safety
from replies.classifier import ModelOptions, model_text
from replies.library import load_library
from replies.validation import Trainer, cross_validate, leave_one_file_out

SETS = (
    Path("../shared/eval/inquiries-dev.tsv"),
    Path("benchmarks/data/inquiries-fresh.tsv"),
    Path("benchmarks/data/inquiries-fresh2.tsv"),
    Path("benchmarks/data/inquiries-heldout.tsv"),  # scored once as held out, then used here
    Path("benchmarks/data/inquiries-heldout2.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout3.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout4.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout5.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout6.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout7.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout8.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout9.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout10.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout11.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout12.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout13.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout14.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout15.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout16.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout17.tsv"),  # likewise
    Path("benchmarks/data/inquiries-heldout18.tsv"),  # likewise
)
SEEDS = (0, 1)
CHARS = ("chars",)
LOGISTIC = ModelOptions(loss="logistic", c=20.0, tol=1e-3)  # the default before the fifth round
VARIANTS = {
    "default": ModelOptions(),
    "logistic": LOGISTIC,
    "logistic sklearn": dataclasses.replace(LOGISTIC, solver="sklearn"),
    "sklearn LinearSVC": ModelOptions(solver="sklearn"),
    "chars only": ModelOptions(views=CHARS),
    "chars+folded": ModelOptions(views=("chars", "folded")),
    "C=0.5": ModelOptions(c=0.5),
    "C=2": ModelOptions(c=2.0),
    "margin x3": ModelOptions(margin_scale=3.0),
    "margin x10": ModelOptions(margin_scale=10.0),
    "examples x1": ModelOptions(example_weight=1.0),
    "examples x4": ModelOptions(example_weight=4.0),
    "1-4 grams": ModelOptions(max_n=4),
    "index 0.25": ModelOptions(index_weight=0.25),
    "index 0": ModelOptions(index_weight=0.0),
    "shared model": ModelOptions(per_account=False),
    "foreign 0": ModelOptions(foreign_weight=0.0),  # accounts apart, as before 2026-12-02
    "foreign 0.1": ModelOptions(foreign_weight=0.1),
    "foreign 0.5": ModelOptions(foreign_weight=0.5),
    "foreign 1": ModelOptions(foreign_weight=1.0),
    "unbalanced": ModelOptions(balanced=False),
    "no contact rule": ModelOptions(contact_rule=False),
    "tol 1e-3": ModelOptions(tol=1e-3),
}


def _line(name: str, trainer: Trainer, sets: list[tuple[str, list]]) -> str:
    cells, means = [], []
    for set_name, rows in sets:
        pooled = [cross_validate(rows, trainer, 5, key=model_text, seed=s).pooled for s in SEEDS]
        top1 = sum(p.top1 for p in pooled) / sum(p.total for p in pooled)
        means.append(top1)
        cells.append(f"{set_name.removeprefix('inquiries-').removesuffix('.tsv')} {top1:6.1%}")
    lofo = leave_one_file_out(dict(sets), trainer).pooled
    return (
        f"{name:<20} {'  '.join(cells)}  mean {sum(means) / len(means):6.2%}"
        f"  left-out files {lofo.top1 / lofo.total:6.1%} (top-3 {lofo.top3 / lofo.total:.1%})"
    )


def main(names: list[str]) -> None:
    """Print pooled 5-fold top-1 per set, the mean, and leave-one-file-out per variant."""
    library, rules = load_library(), safety.load_rules()
    sets = [(p.name, read_rows(p, library.categories)) for p in SETS if p.exists()]
    print(_line("LinearSVC baseline", baseline_trainer(library), sets), flush=True)
    for name, options in VARIANTS.items():
        if not names or name in names:
            print(_line(name, engine_trainer(library, rules, options), sets), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
