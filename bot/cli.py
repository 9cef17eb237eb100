"""The `replydesk` command: subcommands over the same use cases as the chat front-ends."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import (
    cli_examples,
    cli_followups,
    cli_leads,
    cli_scripts,
    cli_summary,
    cliparse,
    evalfile,
    textin,
)
from bot.config import Config, ConfigError, load_config
from bot.errors import user_error_bases
from bot.format import json_line, suggestion_json, suggestion_text
from bot.runtime import account_of, build_engine
from bot.texts import error_text
from bot.texts import text as t
from replies.errors import InputError, ReplyError
from replies.extract import extract
from replies.library import load_library
from replies.thread import Facts, read_facts
from replies.thread import fold as fold_thread

if TYPE_CHECKING:
    from replies.engine import Engine

logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = cliparse.Parser(prog="replydesk", description=__doc__)
    parser.add_argument("--config", help="config file (default: $REPLYDESK_CONFIG, ./config.toml)")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log warnings (-v) or debug (-vv)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    match = sub.add_parser("match", help="classify an inquiry and suggest replies")
    match.add_argument(
        "text", nargs="?", help="the inquiry (omit with --json to read one per stdin line)"
    )
    match.add_argument(
        "--json", action="store_true", help="answer in JSON (TEXT, else one inquiry per stdin line)"
    )
    match.add_argument("--account", help="account code, e.g. TJ or MZ")
    match.add_argument("--channel", choices=("dm", "comment"), default="dm")
    match.add_argument("--seed", type=int, help="random seed, for repeatable wording")
    match.set_defaults(handler=cmd_match)

    ev = sub.add_parser("eval", help="score the engine on labelled TSV files")
    ev.add_argument("files", type=Path, nargs="+", metavar="FILE")
    ev.add_argument("--misses", action="store_true", help="list every misclassified row")
    ev.add_argument("--cv", type=int, metavar="K", help="K-fold cross-validation per file")
    ev.add_argument(
        "--leave-one-file-out", action="store_true", help="train on the other files, score one"
    )
    ev.add_argument(
        "--prequential", action="store_true", help="score in order, learning every miss"
    )
    ev.add_argument(
        "--half", action="store_true", help="import the first half as examples, score the rest"
    )
    ev.add_argument(
        "--starter",
        action="store_true",
        help="learn the bundled starter examples first, as chat, match and the bot do"
        " (those equal to a scored row are left out)",
    )
    ev.add_argument("--no-baseline", action="store_true", help="skip the LinearSVC baseline")
    ev.add_argument("--seed", type=int, default=0, help="fold assignment seed")
    ev.set_defaults(handler=cmd_eval)

    quality = sub.add_parser("quality", help="reply-quality report over labelled TSV files")
    quality.add_argument("files", type=Path, nargs="+")
    quality.add_argument("--channel", choices=("dm", "comment"), default="dm")
    quality.set_defaults(handler=cmd_quality)

    run = sub.add_parser("run", help="the Telegram bot (long polling, or --webhook)")
    run.add_argument("--webhook", action="store_true", help="serve [telegram.webhook] instead")
    run.set_defaults(handler=cmd_run)

    chat = sub.add_parser("chat", help="the assistant in this terminal (the main job)")
    chat.set_defaults(handler=cmd_chat)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply pending migrations").set_defaults(
        handler=cmd_db_upgrade
    )

    _add_lead_commands(sub)
    _add_export_command(sub)
    cli_examples.add_commands(sub)
    cli_scripts.add_commands(sub)
    cli_followups.add_commands(sub)
    cli_summary.add_command(sub)
    return parser


def _add_lead_commands(sub: Any) -> None:
    """`lead {add,show,status,note,find,list}`: the lead table without prompts."""
    parser = sub.add_parser("lead", help="log, show, update and find leads (no prompts)")
    lead = parser.add_subparsers(dest="lead_command", required=True)
    add = lead.add_parser("add", help="log a lead; prints only its clue number")
    add.add_argument("--account", required=True, help="account code, e.g. TJ")
    for flag in ("nickname", "phone", "wechat", "need", "city", "note"):
        add.add_argument(f"--{flag}", default="")
    for flag in ("headcount", "budget-per-head", "budget-total", "month"):
        add.add_argument(f"--{flag}", metavar="N")
    add.add_argument("--source", default="dm", help="dm (default), comment or outreach")
    add.set_defaults(handler=cli_leads.cmd_add)
    _clue_parser(lead, "show", "a lead and its history", cli_leads.cmd_show)
    status = _clue_parser(lead, "status", "change a lead's status", cli_leads.cmd_status)
    status.add_argument("status", help="new, contacted, awaiting_reply, won, lost, invalid")
    status.add_argument("--deal-value", metavar="N")
    _clue_parser(lead, "note", "append a note to a lead", cli_leads.cmd_note).add_argument("text")
    find = lead.add_parser("find", help="leads by phone, WeChat, nickname or clue number")
    find.add_argument("query")
    find.add_argument("--account")
    find.set_defaults(handler=cli_leads.cmd_find)
    listing = _add_range_args(lead.add_parser("list", help="leads of a day range, oldest first"))
    listing.set_defaults(handler=cli_leads.cmd_list)


def _clue_parser(lead: Any, name: str, help: str, handler: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = lead.add_parser(name, help=help)
    parser.add_argument("clue", help="clue number, e.g. TJ-20250601-001")
    parser.set_defaults(handler=handler)
    return parser


def _add_range_args(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """--from, --to (local days, inclusive) and --account."""
    parser.add_argument("--from", dest="day_from", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="day_to", metavar="DATE", help="last day, YYYY-MM-DD")
    parser.add_argument("--account", help="only this account")
    return parser


def _add_export_command(sub: Any) -> None:
    """`export leads`: the lead table (客资表) as a spreadsheet."""
    export = sub.add_parser("export", help="write data to a spreadsheet")
    leads = export.add_subparsers(dest="export_command", required=True).add_parser(
        "leads", help="the lead table (客资表) as xlsx or csv"
    )
    leads.add_argument("--format", choices=("xlsx", "csv"), help="default: -o's suffix, else xlsx")
    leads.add_argument("-o", "--output", type=Path, help="default: ./leads-<from>-<to>.<ext>")
    _add_range_args(leads).set_defaults(handler=cmd_export_leads)


def cmd_match(args: argparse.Namespace, config: Config) -> int:
    """`replydesk match`: one inquiry as text, or JSON lines from stdin."""
    from bot.desk import learning

    engine = build_engine(config, warm=False)
    learning.teach(engine, learning.database_examples(config))  # read only; never creates one
    engine.warm(a.code for a in config.accounts)
    account = account_of(config, args.account)
    rng = random.Random(args.seed)
    if not args.json:
        if not args.text:
            raise InputError(
                "give the inquiry as an argument, or use --json to read stdin", "no_inquiry"
            )
        text = textin.check_length(args.text)  # before any processing of a huge argument
        suggestion = engine.suggest(text, account=account, channel=args.channel, rng=rng)
        print(suggestion_text(suggestion, config.locale))
        return 0
    threads: dict[str, list[Facts]] = {}
    if args.text:  # `match --json TEXT`: that one inquiry, as one JSON line
        text = textin.check_length(args.text)
        print(json_line(_json_line(engine, config, text, args, rng, threads)))
        return 0
    # Bounded reads: a 20 MB line is counted in chunks and refused, never decoded whole.
    for number, line in enumerate(textin.lines(sys.stdin.buffer), start=1):
        try:
            if isinstance(line, InputError):
                raise line
            result = _json_line(engine, config, line, args, rng, threads)
        except (ReplyError, ConfigError) as exc:  # one bad line never ends the stream
            result = {"error": f"line {number}: {exc}"}
        print(json_line(result), flush=True)
    return 0


def _json_line(
    engine: Engine,
    config: Config,
    line: str,
    args: argparse.Namespace,
    rng: random.Random,
    threads: dict[str, list[Facts]],
) -> dict[str, Any]:
    """One `match --json` answer: a plain text line, or an object line naming a thread.

    Lines with the same ``thread`` are one customer, in order, for this run only.
    """
    request = _object_line(line)
    text = request.get("text", line)
    account = account_of(config, request.get("account") or args.account)
    channel = request.get("channel") or args.channel
    if channel not in ("dm", "comment"):
        raise InputError(f"channel must be dm or comment, got {channel!r}")
    classification = engine.classify(text, account=account.code, channel=channel)
    fields = extract(text)
    key = request.get("thread")
    facts = threads.setdefault(json.dumps(key), []) if key is not None else []
    facts.append(read_facts(text, fields, classification.category))
    view = fold_thread(facts)
    suggestion = engine.compose(
        text, classification, account=account, channel=channel, rng=rng, fields=fields,
        thread=view,
    )  # fmt: skip
    out = suggestion_json(suggestion)
    out["thread"] = {"id": request.get("thread"), "fields": view.fields.as_dict()}
    return out


def _object_line(line: str) -> dict[str, Any]:
    """The line as a request object when it parses to one with a string ``text``."""
    if not line.lstrip().startswith("{"):
        return {}
    try:
        value = json.loads(line)
    except ValueError:
        return {}
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return {}
    return value


def cmd_eval(args: argparse.Namespace, config: Config) -> int:
    """`replydesk eval FILE.tsv ...`: library-only scores; --cv, --leave-one-file-out too."""
    from bot import evalcv

    config = dataclasses.replace(config, model_cache=False)  # many one-off models: keep none
    library = load_library(config.library_paths or None)
    files = {str(f): evalfile.read_rows(f, library.categories) for f in args.files}
    extra = evalcv.starter_rows(library.categories, files.values()) if args.starter else []
    if args.starter:
        print(t(config.locale, "report.starter", n=len(extra)))

    def fresh_engine() -> Engine:
        examples = evalcv.examples_of(extra)
        return build_engine(config, warm=False, library=library, examples=examples)

    engine = fresh_engine()
    entrants = evalcv.contenders(library, engine.rules, baseline=not args.no_baseline, extra=extra)
    plain = not (args.cv or args.leave_one_file_out or args.prequential or args.half)
    per_file = plain or args.misses or args.cv or args.half or args.prequential
    for name, rows in files.items() if per_file else ():
        if len(files) > 1:
            print(t(config.locale, "report.file", file=name))
        if plain or args.misses:
            print(evalfile.run(engine, rows, config.locale, show_misses=args.misses))
        if args.cv:
            print("\n".join(evalcv.cv_lines(rows, args.cv, entrants, config.locale, args.seed)))
        if args.half:
            print("\n".join(evalcv.half_lines(rows, entrants, config.locale)))
        if args.prequential:
            print("\n".join(evalcv.prequential_lines(rows, fresh_engine, config.locale)))
        print()
    if args.leave_one_file_out:
        print("\n".join(evalcv.lofo_lines(files, entrants, config.locale)))
    return 0


def cmd_quality(args: argparse.Namespace, config: Config) -> int:
    """`replydesk quality FILE...`: replies that re-ask, lack a hook or are broken."""
    from bot.qualityfile import quality

    engine = build_engine(config, warm=False, examples=())  # the library's own replies
    print(quality(engine, config, args.files, args.channel))
    return 0


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    """`replydesk run [--webhook]`: the Telegram bot on the configured database."""
    from bot.telegram.run import run_bot

    return run_bot(config, webhook=args.webhook)


def cmd_chat(args: argparse.Namespace, config: Config) -> int:
    """`replydesk chat`: the terminal front-end on the configured database."""
    from bot.desk import Desk
    from bot.desk.seed import notice_soon
    from bot.terminal import run_chat

    textin.use_locale(config.locale)  # for lines refused on a pipe (textin.stdin_prompts)
    desk = Desk.open(config)
    notice_soon(desk)  # the seed library's news: one logged line, never applied
    return run_chat(desk, interactive=sys.stdin.isatty() and sys.stdout.isatty())


def cmd_db_upgrade(args: argparse.Namespace, config: Config) -> int:
    """`replydesk db upgrade`: bring the database schema up to date."""
    from storage.db import make_db, safe_url, upgrade

    url = config.db_url()
    upgrade(make_db(url), config.timezone)
    print(f"database is up to date: {safe_url(url)}")
    return 0


def cmd_export_leads(args: argparse.Namespace, config: Config) -> int:
    """`replydesk export leads`: write the file, print its path and row count."""
    from bot.export import export_leads

    day_from, day_to = cli_leads.day_range(args, config.locale)
    result = export_leads(
        *cli_leads.open_desk(config, library=False), day_from=day_from, day_to=day_to,
        account=args.account, fmt=args.format, output=args.output,
    )  # fmt: skip
    print(t(config.locale, "export.done", path=result.path, rows=result.rows))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `replydesk` console script."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    with cliparse.speaking(cliparse.locale_of(arguments)):
        args = build_parser().parse_args(arguments)
    # Errors reach the user as one clear line; logs repeating them are opt-in.
    level = (logging.ERROR, logging.WARNING, logging.DEBUG)[min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))  # its lines carry tokens
    locale = "zh"
    try:
        config = load_config(args.config)
        locale = config.locale
        textin.check_arguments(arguments)
        return args.handler(args, config)
    except user_error_bases() as exc:
        # A broken config still speaks the language it asked for, when it could be read.
        locale = getattr(exc, "locale", None) or locale
        print(error_text(locale, exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `replydesk ... | head`: the reader left; nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
