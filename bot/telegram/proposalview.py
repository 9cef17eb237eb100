"""HTML and keyboards of proposals, their dialogue and candidate triggers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.desk.candidates import Candidate
from bot.desk.dialogues import Prompt
from bot.desk.proposal_drafts import KINDS
from bot.desk.proposals import Proposal
from bot.telegram.render import h
from bot.texts import text as t
from replies.library import Library

SHOWN = 40  # characters of an example's text on a button's line
CALLBACK_LIMIT = 64  # Telegram's limit on callback data, in bytes


def button(label: str, data: str) -> InlineKeyboardButton:
    """A callback button (data within Telegram's limit)."""
    assert len(data.encode()) <= CALLBACK_LIMIT, data
    return InlineKeyboardButton(label, callback_data=data)


def card(found: Proposal, locale: str, tz: Any) -> str:
    """One proposal: what, for which script, by whom, and the proposed texts."""
    r = found.record
    kind = t(locale, f"proposals.kind.{r.kind}")
    lines = [f"<b>{h(t(locale, 'tg.proposal_title', id=r.id, kind=kind, script=r.script_id))}</b>"]
    when = r.created_at.astimezone(tz).strftime("%m-%d %H:%M")
    lines.append(h(t(locale, "proposals.by", who=found.proposer, when=when)))
    if r.base_version is not None:
        lines.append(h(t(locale, "proposals.base", version=r.base_version)))
    return "\n".join([*lines, *texts(r.kind, r.payload, locale)])


def texts(kind: str, values: Mapping[str, Any], locale: str) -> list[str]:
    """The proposed texts as bullet lines (a new script's triggers and replies titled)."""
    if kind != "script":
        return [f"• <code>{h(text)}</code>" for text in values["texts"]]
    reply_key = "replies" if "replies" in values else "texts"
    lines = [f"<i>{h(t(locale, 'proposals.triggers'))}</i>"]
    lines += [f"• {h(text)}" for text in values["triggers"]]
    lines.append(f"<i>{h(t(locale, 'proposals.replies'))}</i>")
    return lines + [f"• <code>{h(text)}</code>" for text in values[reply_key]]


def decide(proposal_id: int, locale: str) -> InlineKeyboardMarkup:
    """Approve / Reject under a proposal."""
    return InlineKeyboardMarkup([[
        button(t(locale, "tg.btn.approve"), f"pra:{proposal_id}"),
        button(t(locale, "tg.btn.reject"), f"prr:{proposal_id}"),
    ]])  # fmt: skip


def step(prompt: Prompt, locale: str, library: Library) -> tuple[str, InlineKeyboardMarkup | None]:
    """The dialogue's next question (with its buttons), or the card to submit."""
    values, version = prompt.values, prompt.version
    if prompt.kind == "reject":
        no = button(t(locale, "tg.btn.no_reason"), f"prn:{values['proposal']}")
        return h(t(locale, "tg.ask.reject.reason", id=values["proposal"])), _one(no)
    if prompt.step == "kind":
        row = [button(t(locale, f"tg.btn.kind.{k}"), f"prk:{version}:{k}") for k in KINDS]
        return h(t(locale, "tg.ask.propose.kind")), InlineKeyboardMarkup([row])
    if prompt.step == "category":
        labels = "、".join(library.label(c, locale) for c in library.categories)
        return h(t(locale, "tg.ask.propose.category", labels=labels)), None
    if prompt.step == "texts":
        return h(t(locale, f"tg.ask.propose.texts.{values['kind']}")), None
    if prompt.step != "confirm":
        return h(t(locale, f"tg.ask.propose.{prompt.step}")), None
    kind = t(locale, f"proposals.kind.{values['kind']}")
    target = values.get("script_id") or library.label(values["category"], locale)
    lines = [f"<b>{h(t(locale, 'tg.confirm_proposal'))}</b>", h(f"{kind} · {target}")]
    markup = InlineKeyboardMarkup([[
        button(t(locale, "tg.btn.submit"), f"prs:{version}"),
        button(t(locale, "tg.btn.cancel"), "no:0"),
    ]])  # fmt: skip
    return "\n".join([*lines, *texts(values["kind"], values, locale)]), markup


def _one(only: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[only]])


def candidates(found: Sequence[Candidate], locale: str, library: Library) -> str:
    """Candidate triggers by category, one line each."""
    lines = [f"<b>{h(t(locale, 'tg.candidates_title'))}</b>"]
    category = None
    for c in found:
        if c.example.category != category:
            category = c.example.category
            lines.append(f"\n<b>{h(library.label(category, locale))}</b>")
        script = c.script_id or t(locale, "candidates.no_script")
        lines.append(f"#{c.example.id} {h(c.example.text[:SHOWN])} → {h(script)}")
    return "\n".join(lines)


def promote(found: Sequence[Candidate], locale: str) -> InlineKeyboardMarkup:
    """One-tap promote (to the default script) and a pick button, per candidate."""
    rows = []
    for c in found:
        if c.script_id is None:
            continue
        default = t(locale, "tg.btn.promote", id=c.example.id, script=c.script_id)
        row = [button(default, _promote_data(c.example.id, None))]
        if len(c.choices) > 1:
            row.append(button(t(locale, "tg.btn.pick", id=c.example.id), f"cps:{c.example.id}"))
        rows.append(row)
    return InlineKeyboardMarkup(rows)


def choices(found: Candidate) -> InlineKeyboardMarkup:
    """A button per script the candidate could join (ids too long for a button left out)."""
    rows = [
        [button(script, _promote_data(found.example.id, script))]
        for script in found.choices
        if len(_promote_data(found.example.id, script).encode()) <= CALLBACK_LIMIT
    ]
    return InlineKeyboardMarkup(rows)


def _promote_data(example_id: int, script_id: str | None) -> str:
    return f"cp:{example_id}" + (f":{script_id}" if script_id else "")
