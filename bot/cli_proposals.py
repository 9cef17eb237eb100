"""`replydesk scripts propose|pending|approve|reject|candidates|promote|category-add`."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli_leads import open_desk
from bot.config import Config
from bot.texts import text as t

SHOWN = 60  # characters of a text in a one-line listing


def add_commands(scripts: Any) -> None:
    """Register the proposal, candidate and category commands under `scripts`."""
    propose = scripts.add_parser("propose", help="propose a script, variants or triggers")
    propose.add_argument("--kind", choices=("script", "variant", "trigger"), required=True)
    propose.add_argument("--script", help="the script (variant, trigger); a new script's id")
    texts = "a reply (script, variant) or a trigger; repeat for more"
    propose.add_argument("--text", action="append", default=[], required=True, help=texts)
    triggers = "a new script's trigger (at least 3); repeat for more"
    propose.add_argument("--trigger", action="append", default=[], help=triggers)
    propose.add_argument("--category", help="a new script's category (id or label)")
    propose.set_defaults(handler=cmd_propose)
    scripts.add_parser("pending", help="proposals awaiting a decision").set_defaults(
        handler=cmd_pending
    )
    approve = scripts.add_parser("approve", help="apply a proposal (team leads)")
    approve.add_argument("id", type=int)
    approve.set_defaults(handler=cmd_approve)
    reject = scripts.add_parser("reject", help="turn a proposal down (team leads)")
    reject.add_argument("id", type=int)
    reject.add_argument("--reason")
    reject.set_defaults(handler=cmd_reject)
    candidates = scripts.add_parser("candidates", help="corrections that could be triggers")
    candidates.add_argument("--category")
    candidates.set_defaults(handler=cmd_candidates)
    promote = scripts.add_parser("promote", help="make a learned example a trigger")
    promote.add_argument("example", type=int, metavar="EXAMPLE_ID")
    promote.add_argument("--script", help="default: the category's script with most triggers")
    promote.set_defaults(handler=cmd_promote)
    category = scripts.add_parser("category-add", help="add a custom category (admins)")
    category.add_argument("id")
    category.add_argument("label", help="the Chinese label")
    category.add_argument("--en", help="an English label")
    category.set_defaults(handler=cmd_category_add)


def cmd_propose(args: argparse.Namespace, config: Config) -> int:
    """`scripts propose`: store a proposal for a team lead."""
    from bot.desk import proposals

    desk, actor = open_desk(config, warm=False)
    made = proposals.propose(
        desk, args.kind, actor=actor, texts=args.text, script_id=args.script,
        category=args.category, triggers=args.trigger,
    )  # fmt: skip
    kind = t(config.locale, f"proposals.kind.{args.kind}")
    print(t(config.locale, "proposals.proposed", id=made.record.id, kind=kind,
            script=made.record.script_id))  # fmt: skip
    return 0


def cmd_pending(args: argparse.Namespace, config: Config) -> int:
    """`scripts pending`: id, kind, script, proposer, time, texts; tab-separated."""
    from bot.desk import proposals

    desk, actor = open_desk(config, warm=False)
    found = proposals.pending(desk, actor=actor)
    if not found:
        print(t(config.locale, "proposals.none"))
    for p in found:
        r = p.record
        when = r.created_at.astimezone(config.tz).strftime("%Y-%m-%d %H:%M")
        kind = t(config.locale, f"proposals.kind.{r.kind}")
        texts = " | ".join(summary(r.kind, r.payload))
        print("\t".join((f"#{r.id}", kind, r.script_id, p.proposer, when, texts[: SHOWN * 2])))
    return 0


def summary(kind: str, payload: Any) -> list[str]:
    """The proposed texts (a new script's triggers, then its replies)."""
    if kind == "script":
        return [*payload["triggers"], *payload["replies"]]
    return list(payload["texts"])


def cmd_approve(args: argparse.Namespace, config: Config) -> int:
    """`scripts approve ID`."""
    from bot.desk import proposals

    desk, actor = open_desk(config, warm=False)
    done = proposals.approve(desk, args.id, actor=actor)
    assert done.script is not None
    print(t(config.locale, "proposals.approved", id=args.id, script=done.script.id,
            version=done.script.version))  # fmt: skip
    return 0


def cmd_reject(args: argparse.Namespace, config: Config) -> int:
    """`scripts reject ID [--reason R]`."""
    from bot.desk import proposals

    desk, actor = open_desk(config, warm=False)
    proposals.reject(desk, args.id, actor=actor, reason=args.reason)
    print(t(config.locale, "proposals.rejected", id=args.id))
    return 0


def cmd_candidates(args: argparse.Namespace, config: Config) -> int:
    """`scripts candidates`: example id, category, default script, text; tab-separated."""
    from bot.desk import candidates

    desk, actor = open_desk(config, warm=False)
    found = candidates.candidates(desk, actor=actor, category=args.category)
    if not found:
        print(t(config.locale, "candidates.none"))
    for c in found:
        script = c.script_id or t(config.locale, "candidates.no_script")
        text = " ".join(c.example.text.split())[:SHOWN]
        print("\t".join((str(c.example.id), c.example.category, script, text)))
    return 0


def cmd_promote(args: argparse.Namespace, config: Config) -> int:
    """`scripts promote EXAMPLE_ID [--script ID]`."""
    from bot.desk import candidates

    desk, actor = open_desk(config, warm=False)
    saved = candidates.promote(desk, args.example, actor=actor, script_id=args.script)
    text = saved.data["triggers"][-1]
    print(t(config.locale, "candidates.promoted", text=text[:SHOWN], script=saved.id,
            version=saved.version))  # fmt: skip
    return 0


def cmd_category_add(args: argparse.Namespace, config: Config) -> int:
    """`scripts category-add ID LABEL [--en LABEL]`."""
    from bot.desk import categories

    desk, actor = open_desk(config, warm=False)
    added = categories.add_category(desk, args.id, args.label, actor=actor, label_en=args.en)
    print(t(config.locale, "categories.added", id=added.id, label=added.label_zh))
    return 0
