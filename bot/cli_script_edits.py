"""`replydesk scripts add` and `scripts edit ID`: one script from the terminal.

An edit applies all of its flags as one save naming the version seen (``--version``,
default the current one): a script changed by someone else since is refused whole
with the conflict naming that change.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli_leads import open_desk
from bot.config import Config
from bot.errors import UsageError
from bot.texts import text as t


def add_commands(scripts: Any) -> None:
    """`scripts add` and `scripts edit` under the `scripts` subcommands."""
    add = scripts.add_parser("add", help="store a new script (from flags or --from FILE.toml)")
    add.add_argument("--id", help="default: made from the category (price-1, price-2, ...)")
    add.add_argument("--category")
    add.add_argument("--trigger", action="append", default=[], help="repeatable, at least 3")
    add.add_argument("--variant", action="append", default=[], help="repeatable, at least 3")
    add.add_argument("--hook", action="append", default=[], help="repeatable")
    add.add_argument("--channel", choices=("dm", "comment", "both"), default="both")
    add.add_argument("--accounts", default="all", help="comma-separated codes, or all")
    add.add_argument("--from", dest="source", type=Path, help="a .toml file with one script")
    add.set_defaults(handler=cmd_add)
    edit = scripts.add_parser("edit", help="change one script as one new version")
    edit.add_argument("id")
    edit.add_argument("--version", type=int, help="the version you saw (default: current)")
    edit.add_argument("--add-variant", action="append", default=[], metavar="TEXT")
    edit.add_argument("--set-variant", action="append", default=[], nargs=2,
                      metavar=("N", "TEXT"))  # fmt: skip
    edit.add_argument("--add-trigger", action="append", default=[], metavar="TEXT")
    edit.add_argument("--remove-trigger", action="append", default=[], metavar="TEXT_OR_N")
    edit.add_argument("--hook", action="append", help="replace the hooks (repeatable)")
    edit.add_argument("--channel", choices=("dm", "comment", "both"))
    edit.add_argument("--accounts", help="comma-separated codes, or all")
    edit.set_defaults(handler=cmd_edit)


def _accounts(value: str) -> str | list[str]:
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    return "all" if value.strip().lower() == "all" or not codes else codes


def cmd_add(args: argparse.Namespace, config: Config) -> int:
    """`scripts add`: validated like a file's script, stored at version 1."""
    from bot.desk import script_edits

    if args.source is not None:
        data, script_id = _from_file(args.source)
    else:
        data = {"category": args.category, "triggers": args.trigger, "replies": args.variant}
        data |= {"hooks": args.hook, "channel": args.channel, "accounts": _accounts(args.accounts)}
        script_id = args.id
    desk, actor = open_desk(config, warm=False)
    saved = script_edits.create(desk, data, actor=actor, script_id=script_id)
    print(t(config.locale, "scripts.saved", id=saved.id, version=saved.version))
    return 0


def _from_file(path: Path) -> tuple[dict[str, Any], str]:
    from bot.desk.library import data_of
    from bot.scriptread import read_scripts

    scripts = read_scripts(path)
    if len(scripts) != 1:
        raise UsageError(f"{path.name} has {len(scripts)} scripts", "script_from",
                         file=path.name, count=len(scripts))  # fmt: skip
    data = data_of(scripts[0])
    data["accounts"] = "all" if data["accounts"] is None else data["accounts"]
    return data, scripts[0].id


def cmd_edit(args: argparse.Namespace, config: Config) -> int:
    """`scripts edit ID`: every flag applied to the version seen, saved as one version."""
    from bot.desk import script_edits as edits
    from bot.desk import scripts as script_cases

    changes = [edits.adding("replies", args.add_variant)] if args.add_variant else []
    for number, text in args.set_variant:
        if not number.isdigit():
            raise UsageError(f"bad number {number}", "bad_variant", value=number, count="N")
        changes.append(edits.setting_variant(int(number), text))
    changes += [edits.adding("triggers", args.add_trigger)] if args.add_trigger else []
    changes += [edits.removing_trigger(which) for which in args.remove_trigger]
    fields = {"hooks": args.hook, "channel": args.channel}
    fields["accounts"] = _accounts(args.accounts) if args.accounts is not None else None
    set_fields = {k: v for k, v in fields.items() if v is not None}
    if set_fields:
        changes.append(lambda data: {**data, **set_fields})
    if not changes:
        raise UsageError("nothing to change", "script_edit_args")
    desk, actor = open_desk(config, warm=False)
    version = args.version or script_cases.show(desk, args.id, actor=actor).version

    def change(data: dict[str, Any]) -> dict[str, Any]:
        for one in changes:
            data = one(data)
        return data

    saved = edits.edit(desk, args.id, change, version=version, actor=actor)
    print(t(config.locale, "scripts.saved", id=saved.id, version=saved.version))
    return 0
