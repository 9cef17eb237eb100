"""`replydesk quality FILE.tsv ...`: the reply-quality report over labelled files."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from bot.config import Config
from bot.evalfile import read_rows
from bot.format import display_width, pad
from bot.runtime import account_of
from bot.texts import text as t
from replies.engine import Engine
from replies.evaluation import FIELDS
from replies.extract import extract, mask_phones
from replies.models import Classification, LeadFields, Suggestion
from replies.quality import KINDS, QualityReport, score, threads_of
from replies.thread import ThreadView


def quality(engine: Engine, config: Config, paths: Sequence[Path], channel: str = "dm") -> str:
    """The report for each file, rows alone and as threads with a follow-up question."""
    out = []
    for path in paths:
        rows = read_rows(path)
        labelled = [(r.text, r.account, _fields(r.fields)) for r in rows]
        report = run(engine, config, threads_of(labelled), channel)
        heading = t(config.locale, "report.file", file=path)
        out.append(f"{heading}\n{format_quality(report, config.locale)}")
    return "\n\n".join(out)


def format_quality(report: QualityReport, locale: str = "zh") -> str:
    """The report as text: one line per kind of problem, with a few examples of each."""
    lines = [t(locale, "report.quality", replies=report.replies, sets=report.sets)]
    width = max(display_width(t(locale, f"report.kind.{kind}")) for kind in KINDS)
    for kind in KINDS:
        lines.append(
            t(locale, "report.kind", kind=pad(t(locale, f"report.kind.{kind}"), width),
              share=f"{report.share(kind):>6.1%}", count=report.problems[kind],
              replies=report.replies)
        )  # fmt: skip
        lines += [
            t(locale, "report.example", text=mask_phones(text))
            for text in report.examples[kind][:3]
        ]
    return "\n".join(lines)


def run(
    engine: Engine,
    config: Config,
    threads: Sequence[Sequence[tuple[str, str | None]]],
    channel: str = "dm",
) -> QualityReport:
    """Score threads with the engine (no storage: nothing is recorded)."""

    def classify(text: str, account: str | None) -> Classification:
        return engine.classify(text, account=account, channel=channel)  # type: ignore[arg-type]

    def compose(
        text: str,
        classification: Classification,
        account: str | None,
        view: ThreadView,
        rng: random.Random,
    ) -> Suggestion:
        return engine.compose(
            text, classification, account=account_of(config, account), rng=rng,
            channel=channel, thread=view,  # type: ignore[arg-type]
        )  # fmt: skip

    return score(threads, classify, compose, extract, channel=channel)


def _fields(labelled: dict[str, str] | object) -> LeadFields:
    values = dict(labelled) if isinstance(labelled, dict) else {}
    parsed: dict[str, object] = {}
    for name in FIELDS:
        raw = str(values.get(name) or "").strip()
        if raw:
            parsed[name] = raw if name in ("city", "phone", "wechat") else int(float(raw))
    return LeadFields(**parsed)  # type: ignore[arg-type]
