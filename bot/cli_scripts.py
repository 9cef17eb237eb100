"""Handlers of `replydesk scripts ...`: the library in the database, from the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot import cli_proposals, cli_script_edits
from bot.cli_leads import open_desk
from bot.config import Config
from bot.errors import ScriptFileError
from bot.texts import error_text
from bot.texts import text as t

SHOWN_IDS, SHOWN_PROBLEMS = 5, 50


def add_commands(sub: Any) -> None:
    """`scripts {export,import,list,show,history,revert,retire,restore,add,edit}`."""
    parser = sub.add_parser("scripts", help="the script library in the database (team leads)")
    scripts = parser.add_subparsers(dest="scripts_command", required=True)
    export = scripts.add_parser("export", help="write the active library as toml, csv or xlsx")
    export.add_argument("--format", choices=("toml", "csv", "xlsx"), help="default: -o's suffix")
    export.add_argument("-o", "--output", type=Path, help="default: ./scripts.<format>")
    export.set_defaults(handler=cmd_export)
    imp = scripts.add_parser("import", help="make the library what a file says, after a preview")
    imp.add_argument("file", type=Path)
    imp.add_argument("--yes", action="store_true", help="apply without asking")
    imp.set_defaults(handler=cmd_import)
    listing = scripts.add_parser("list", help="every script: id, category, status, version")
    listing.add_argument("--category")
    listing.set_defaults(handler=cmd_list)
    for name, handler, help in (
        ("show", cmd_show, "one script as TOML, with its version"),
        ("history", cmd_history, "every version of a script: who and when"),
        ("retire", cmd_retire, "stop suggesting a script (kept, can be restored)"),
        ("restore", cmd_restore, "suggest a retired script again"),
    ):
        one = scripts.add_parser(name, help=help)
        one.add_argument("id")
        one.set_defaults(handler=handler)
    revert = scripts.add_parser("revert", help="make an old version the newest")
    revert.add_argument("id")
    revert.add_argument("version", type=int)
    revert.set_defaults(handler=cmd_revert)
    cli_proposals.add_commands(scripts)
    cli_script_edits.add_commands(scripts)
    from bot import cli_sync

    cli_sync.add_commands(scripts)


def _cases() -> Any:
    from bot.desk import scripts  # the database layer loads only when a command runs

    return scripts


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    """`scripts export`: the file `scripts import` reads back to the same library."""
    from bot.desk.script_import import current_scripts
    from bot.scriptwrite import write_scripts

    suffix = args.output.suffix.lower().lstrip(".") if args.output else ""
    fmt = args.format or (suffix if suffix in ("toml", "csv", "xlsx") else "toml")
    output = args.output or Path(f"scripts.{fmt}")
    desk, actor = open_desk(config, library=False)
    scripts = current_scripts(desk, actor=actor)
    write_scripts(scripts, fmt, output)
    print(t(config.locale, "scripts.exported", path=output, rows=len(scripts)))
    return 0


def cmd_import(args: argparse.Namespace, config: Config) -> int:
    """`scripts import FILE`: validate all, preview, ask (or --yes), apply all or nothing."""
    from bot.desk.script_import import apply_import, plan_import
    from bot.scriptread import read_scripts
    from replies.safety import load_rules

    locale = config.locale
    try:
        scripts = read_scripts(args.file, load_rules(config.safety_rules))
    except ScriptFileError as exc:
        _problems(locale, exc)
        return 2
    desk, actor = open_desk(config, warm=False)
    plan = plan_import(desk, scripts, actor=actor)
    if plan.empty:
        print(t(locale, "scripts.nothing"))
        return 0
    show_plan(locale, plan)
    if not confirmed(args, locale):
        return 1
    apply_import(desk, plan, actor=actor)
    print(t(locale, "scripts.applied"))
    return 0


def show_plan(locale: str, plan: Any) -> None:
    """The preview of an import plan: counts, then a few ids of each kind."""
    counts = {"added": len(plan.added), "changed": len(plan.changed)}
    print(
        t(locale, "scripts.preview", **counts, retired=len(plan.retired), unchanged=plan.unchanged)
    )
    for key, ids in (
        ("added", [s.id for s in plan.added]),
        ("changed", [s.id for s, _ in plan.changed]),
        ("retired", [r.id for r in plan.retired]),
    ):
        if ids:
            print(t(locale, f"scripts.preview.{key}", ids=shown_ids(ids)))


def shown_ids(ids: list[str]) -> str:
    """The first few ids, "…" when there are more."""
    return ", ".join(ids[:SHOWN_IDS]) + (" …" if len(ids) > SHOWN_IDS else "")


def confirmed(args: argparse.Namespace, locale: str) -> bool:
    """--yes, or `apply? [y/N]` answered yes."""
    if args.yes:
        return True
    print(t(locale, "scripts.ask"), end="", flush=True)
    if sys.stdin.readline().strip().lower() in ("y", "yes", "是"):
        return True
    print(t(locale, "scripts.not_applied"))
    return False


def _problems(locale: str, exc: ScriptFileError) -> None:
    from bot.scriptread import problem_text

    print(error_text(locale, exc), file=sys.stderr)
    for problem in exc.problems[:SHOWN_PROBLEMS]:
        print(problem_text(locale, problem), file=sys.stderr)
    if len(exc.problems) > SHOWN_PROBLEMS:
        more = len(exc.problems) - SHOWN_PROBLEMS
        print(t(locale, "scripts.more_problems", n=more), file=sys.stderr)


def cmd_list(args: argparse.Namespace, config: Config) -> int:
    """`scripts list`: id, category, status, version, variants, triggers; tab-separated."""
    desk, actor = open_desk(config, library=False)
    for r in _cases().list_scripts(desk, actor=actor, category=args.category):
        status = t(config.locale, f"scripts.status.{r.status}")
        counts = (str(len(r.data["replies"])), str(len(r.data["triggers"])))
        print("\t".join((r.id, str(r.data["category"]), status, f"v{r.version}", *counts)))
    return 0


def cmd_show(args: argparse.Namespace, config: Config) -> int:
    """`scripts show ID`: the script as the TOML the files hold, its status and version."""
    from bot.desk.library import script_of
    from bot.scriptwrite import toml_text

    desk, actor = open_desk(config, library=False)
    record = _cases().show(desk, args.id, actor=actor)
    status = t(config.locale, f"scripts.status.{record.status}")
    print(f"# v{record.version} · {status}")
    print(toml_text([script_of(record)]), end="")
    return 0


def cmd_history(args: argparse.Namespace, config: Config) -> int:
    """`scripts history ID`: one line per version, oldest first."""
    desk, actor = open_desk(config, library=False)
    for v in _cases().history(desk, args.id, actor=actor):
        when = v.record.created_at.astimezone(config.tz).strftime("%Y-%m-%d %H:%M")
        who = v.who or t(config.locale, "scripts.nobody")
        status = t(config.locale, f"scripts.status.{v.record.data['status']}")
        line = t(config.locale, "scripts.history", version=v.record.version, when=when, who=who,
                 status=status)  # fmt: skip
        print(line)
    return 0


def _saved(config: Config, record: Any) -> int:
    print(t(config.locale, "scripts.saved", id=record.id, version=record.version))
    return 0


def cmd_retire(args: argparse.Namespace, config: Config) -> int:
    """`scripts retire ID`."""
    desk, actor = open_desk(config, warm=False)
    return _saved(config, _cases().set_status(desk, args.id, "retired", actor=actor))


def cmd_restore(args: argparse.Namespace, config: Config) -> int:
    """`scripts restore ID`."""
    desk, actor = open_desk(config, warm=False)
    return _saved(config, _cases().set_status(desk, args.id, "active", actor=actor))


def cmd_revert(args: argparse.Namespace, config: Config) -> int:
    """`scripts revert ID VERSION`: the old content saved as a new version."""
    desk, actor = open_desk(config, warm=False)
    return _saved(config, _cases().revert(desk, args.id, args.version, actor=actor))
