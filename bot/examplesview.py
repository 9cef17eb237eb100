"""The chat's `/cat` (correct the last category) and `/examples` (latest, undo) commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.desk import examples as example_cases
from replies.extract import mask_phones

if TYPE_CHECKING:
    from bot.terminal import ChatSession

LATEST = 10


def correct(chat: ChatSession, arg: str) -> None:
    """`/cat CATEGORY`: learn the last inquiry's right category, show its replies."""
    if chat.last is None:
        return chat.io.say("chat.no_inquiry", "yellow")
    if not arg:
        library = chat.desk.engine.library
        served = [s.category for s in library.for_account(chat.last.account)]
        allowed = [c for c in library.categories if c in served]
        labels = "、".join(chat.desk.engine.library.label(c, chat.locale) for c in allowed)
        return chat.io.say(
            "examples.cat_needs_category", "yellow", labels=labels, allowed=", ".join(allowed)
        )
    done = example_cases.correct(
        chat.desk, chat.last.inquiry_id, arg, actor=chat.actor, channel=chat.channel
    )
    name = chat.desk.engine.library.label(done.example.category, chat.locale)
    chat.io.say("examples.corrected", "green", category=name, id=done.example.id)
    chat.show(done.result)
    return None


def examples(chat: ChatSession, arg: str) -> None:
    """`/examples`: the latest examples; `/examples undo ID`: remove one (team leads)."""
    word, _, rest = arg.partition(" ")
    if word == "undo":
        value = rest.strip().lstrip("#")
        if not value.isdigit():
            return chat.io.say("examples.bad_id", "yellow", value=value)
        record = example_cases.remove_example(chat.desk, int(value), actor=chat.actor)
        name = chat.desk.engine.library.label(record.category, chat.locale)
        return chat.io.say("examples.removed", "green", id=record.id, category=name)
    listing = example_cases.list_examples(chat.desk, actor=chat.actor, latest=LATEST)
    if not listing.rows:
        return chat.io.say("examples.none", "yellow")
    for row in listing.rows:
        r = row.record
        when = r.created_at.astimezone(chat.desk.config.tz)
        name = chat.desk.engine.library.label(r.category, chat.locale)
        line = f"  #{r.id} {r.account_code or '*'} {when:%m-%d %H:%M} {name}"
        chat.io.print(f"{line} {mask_phones(r.text)[:40]}")
        if row.clashes:
            names = "、".join(chat.desk.engine.library.label(c, chat.locale) for c in row.clashes)
            chat.io.say("examples.flag", "yellow", categories=names)
    return None
