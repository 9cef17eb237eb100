"""Handlers of `replydesk examples ...` (arguments in cli.py): learned examples in bulk."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_leads import open_desk
from bot.config import Config
from bot.format import printable
from bot.texts import text as t
from replies.extract import mask_phones


def add_commands(sub: Any) -> None:
    """`examples {import,list,export,remove}`."""
    parser = sub.add_parser("examples", help="learned examples: import, list, export, remove")
    examples = parser.add_subparsers(dest="examples_command", required=True)
    imp = examples.add_parser("import", help="learn a labelled TSV (text, category columns)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--account", help="the account of rows that name none (default: all)")
    imp.set_defaults(handler=cmd_import)
    listing = examples.add_parser("list", help="active examples, then counts per category")
    listing.add_argument("--account")
    listing.add_argument("--category", help="category id or label")
    listing.set_defaults(handler=cmd_list)
    export = examples.add_parser("export", help="write the active examples as a labelled TSV")
    export.add_argument("-o", "--output", type=Path, required=True)
    export.set_defaults(handler=cmd_export)
    remove = examples.add_parser("remove", help="undo one example for every process")
    remove.add_argument("id", type=int)
    remove.set_defaults(handler=cmd_remove)


def _cases() -> Any:
    from bot.desk import examples  # the database layer loads only when a command runs

    return examples


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    """`examples import FILE.tsv`: all rows or none; prints how many were learned."""
    desk, actor = open_desk(config, warm=False)  # no inquiry answered: no training
    done = _cases().import_examples(desk, args.file, actor=actor, account=args.account)
    print(t(config.locale, "examples.imported", n=len(done.examples), skipped=done.skipped))
    return 0


def cmd_list(args: argparse.Namespace, config: Config) -> int:
    """`examples list`: one tab-separated row per example, counts per category at the end."""
    desk, actor = open_desk(config, warm=False)  # no inquiry answered: no training
    listing = _cases().list_examples(
        desk, actor=actor, account=args.account, category=args.category
    )
    locale = config.locale
    for row in listing.rows:
        r = row.record
        when = r.created_at.astimezone(config.tz).strftime("%Y-%m-%d %H:%M")
        flag = ""
        if row.clashes:
            names = "、".join(desk.engine.library.label(c, locale) for c in row.clashes)
            flag = t(locale, "examples.flag", categories=names)
        source = t(locale, f"source.{r.source}")
        cells = (
            str(r.id),
            r.account_code or "*",
            r.category,
            source,
            when,
            printable(mask_phones(r.text)),
        )
        print("\t".join((*cells, flag)).rstrip("\t"))
    print(t(locale, "examples.counts"))
    for category, count in sorted(listing.counts.items(), key=lambda item: -item[1]):
        print(f"{category}\t{desk.engine.library.label(category, locale)}\t{count}")
    return 0


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    """`examples export -o FILE.tsv`: the file `examples import` reads back."""
    desk, actor = open_desk(config, warm=False)  # no inquiry answered: no training
    rows = _cases().export_examples(desk, args.output, actor=actor)
    print(t(config.locale, "examples.exported", path=args.output, rows=rows))
    return 0


def cmd_remove(args: argparse.Namespace, config: Config) -> int:
    """`examples remove ID`: marks it removed; every process stops using it."""
    desk, actor = open_desk(config, warm=False)  # no inquiry answered: no training
    record = _cases().remove_example(desk, args.id, actor=actor)
    category = desk.engine.library.label(record.category, config.locale)
    print(t(config.locale, "examples.removed", id=record.id, category=category))
    return 0
