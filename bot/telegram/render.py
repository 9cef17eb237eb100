"""HTML for Telegram: the suggestion card, lead cards and lists, split to fit a message."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import tzinfo
from html import escape

from bot.desk.dialogues import Prompt
from bot.desk.inquiries import InquiryResult
from bot.desk.leads import LeadCard
from bot.desk.script_dialogues import ScriptPrompt
from bot.desk.script_edits import ScriptCard
from bot.desk.script_import import ImportPlan
from bot.desk.scripts import Version
from bot.errors import ScriptFileError
from bot.format import fields_line, printable, thread_line
from bot.leadview import lead_fields
from bot.texts import error_text, labelled
from bot.texts import text as t
from replies.categories import Labels, category_label
from storage.records import LeadRecord

LIMIT = 4096  # Telegram's longest message


def h(value: object) -> str:
    """Text safe inside Telegram HTML (control characters dropped too)."""
    return escape(printable(str(value)), quote=False)


def card(result: InquiryResult, locale: str, channel: str, labels: Labels | None = None) -> str:
    """The answer to one paste: category and why, replies to copy, fields, safety."""
    s, c = result.suggestion, result.suggestion.classification
    lines = []
    if result.position > 1:
        lines.append(f"<i>{h(t(locale, 'chat.same_customer', n=result.position))}</i>")
    if c.best is None:
        lines.append(f"<b>{h(t(locale, 'unmatched_line'))}</b>")
    else:
        label = category_label(c.best.category, locale, labels)
        score = f"{t(locale, 'confidence')} {c.best.score:.0f}"
        lines.append(f"<b>{h(label)}</b> · {h(score)}")
        if not c.confident:
            top = [c.best.category, *(cat for cat, _ in c.alternatives)][:3]
            names = " / ".join(category_label(cat, locale, labels) for cat in top)
            lines.append(f"{h(t(locale, 'not_sure'))} {h(names)}")
        why = t(locale, "tg.why", trigger=c.best.trigger)
        if c.best.shared:
            why += " · " + t(locale, "shared_words", words="、".join(c.best.shared))
        lines.append(h(why))
    lines.append("")
    for n, reply in enumerate(s.replies, start=1):
        text = reply.safe_text if channel == "comment" else reply.text
        lines.append(f"{n}. <code>{h(text)}</code>")
        if result.repeated(n - 1):
            lines.append(h(t(locale, "repeat_warning", count=result.used_today[n - 1])))
        if reply.violations and channel != "comment":
            hits = "、".join(v.text for v in reply.violations)
            lines.append("   ⚠ " + h(labelled(locale, t(locale, "safety_hits"), hits)))
    if not s.replies:
        lines.append(h(t(locale, "no_suggestions")))
    lines.append("")
    lines.append(h(fields_line(s.fields, locale)))
    if result.position > 1:
        lines.append(h(thread_line(result.thread.fields, locale)))
    return "\n".join(lines)


def prompt(found: Prompt, locale: str) -> str:
    """The next question of a dialogue, or the card to confirm."""
    if found.step != "confirm":
        return h(t(locale, f"tg.ask.{found.kind}.{found.step}"))
    lines = [f"<b>{h(t(locale, 'tg.confirm_lead'))}</b>"]
    for key, value in found.values.items():
        if value not in (None, ""):
            lines.append(h(labelled(locale, t(locale, "col." + key), value)))
    if found.duplicates:
        lines.append("⚠ " + h(t(locale, "lead.duplicate", clues=", ".join(found.duplicates))))
    return "\n".join(lines)


def lead_card(found: LeadCard, locale: str) -> str:
    """One lead with its fields and history."""
    lines = [f"<b>{h(found.lead.clue_number)}</b>"]
    for key, value in lead_fields(found.lead, locale).items():
        if value not in (None, "") and key != "clue_number":
            lines.append(h(labelled(locale, t(locale, "col." + key), value)))
    for event in found.events:
        change = ""
        if event.new_status:
            old = t(locale, f"status.{event.old_status}") if event.old_status else ""
            change = f"{old}→{t(locale, f'status.{event.new_status}')}"
        kind = t(locale, f"event.{event.kind}")
        lines.append(h(f"· {event.created_at:%m-%d %H:%M} {kind} {change} {event.note or ''}"))
    return "\n".join(lines)


def lead_list(leads: Sequence[LeadRecord], locale: str, title: str) -> str:
    """A short list of leads, one line each."""
    lines = [f"<b>{h(title)}</b>"]
    for lead in leads:
        who = lead.red_nickname or lead.wechat or (lead.phone and lead.phone[:3] + "****") or ""
        status = t(locale, f"status.{lead.status}")
        lines.append(f"<code>{h(lead.clue_number)}</code> {h(who)} · {h(status)}")
    return "\n".join(lines)


def split(text: str, limit: int = LIMIT) -> list[str]:
    """Pieces of at most limit characters, cut at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for line in _lines(text, limit):
        if current and len(current) + 1 + len(line) > limit:
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    return [*pieces, current] if current else pieces or [""]


def _lines(text: str, limit: int) -> Iterable[str]:
    for line in text.split("\n"):
        while len(line) > limit:  # one line longer than a message: cut it hard
            yield line[:limit]
            line = line[limit:]
        yield line


# --- the script library (issue 9) ---
def script_card(found: ScriptCard, locale: str) -> str:
    """One script: where it serves, its figures, triggers, reply variants and hooks."""
    record, data = found.record, found.record.data
    status = t(locale, f"scripts.status.{record.status}")
    accounts = "all" if data["accounts"] is None else ", ".join(data["accounts"])
    where = t(locale, "tg.script.where", category=category_label(data["category"], locale),
              channel=data["channel"], accounts=accounts)  # fmt: skip
    head = t(locale, "tg.script.head", id=record.id, version=record.version, status=status)
    lines = [f"<b>{h(head)}</b>"]
    lines += [h(where), h(t(locale, "tg.script.usage", suggested=found.suggested, used=found.used))]
    lines.append(f"<b>{h(t(locale, 'tg.script.triggers', n=len(data['triggers'])))}</b>")
    lines += [f"{n}. {h(text)}" for n, text in enumerate(data["triggers"], start=1)]
    lines.append(f"<b>{h(t(locale, 'tg.script.variants', n=len(data['replies'])))}</b>")
    lines += [f"{n}. <code>{h(text)}</code>" for n, text in enumerate(data["replies"], start=1)]
    if data["hooks"]:
        lines.append(h(t(locale, "tg.script.hooks", hooks="、".join(data["hooks"]))))
    return "\n".join(lines)


def script_prompt(found: ScriptPrompt, locale: str) -> str:
    """The next question of /addscript or a card edit (a preview at /addscript's end)."""
    if found.kind == "upload":
        return h(t(locale, "tg.upload.waiting", file=found.values["file"]))
    if found.kind == "scriptedit":
        key = "which" if found.step == "which" else found.values["action"]
        lines = [h(t(locale, f"tg.ask.scriptedit.{key}", number=found.values.get("number", "")))]
        listed = found.values["triggers" if key == "remove_trigger" else "replies"]
        if key in ("which", "remove_trigger"):
            lines += [f"{n}. <code>{h(text)}</code>" for n, text in enumerate(listed, start=1)]
        return "\n".join(lines)
    if found.step != "confirm" or found.preview is None:
        return h(t(locale, f"tg.ask.addscript.{found.step}"))
    lines = [h(t(locale, "tg.ask.addscript.confirm", sample=found.preview.text)), ""]
    lines += [
        f"{n}. <code>{h(r.text)}</code>" for n, r in enumerate(found.preview.replies, start=1)
    ]
    return "\n".join(lines)


def script_history(script_id: str, versions: Sequence[Version], locale: str, tz: tzinfo) -> str:
    """Every version of a script, one line each, oldest first."""
    lines = [f"<b>{h(t(locale, 'tg.history_title', id=script_id))}</b>"]
    for v in versions:
        when = v.record.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        status = t(locale, f"scripts.status.{v.record.data['status']}")
        who = v.who or t(locale, "scripts.nobody")
        lines.append(h(t(locale, "tg.history_line", version=v.record.version, when=when, who=who,
                         status=status)))  # fmt: skip
    return "\n".join(lines)


def import_preview(plan: ImportPlan, locale: str, shown: int = 5) -> str:
    """What an upload would change: counts, then a few ids of each kind."""
    counts = {"added": len(plan.added), "changed": len(plan.changed), "retired": len(plan.retired)}
    lines = [f"<b>{h(t(locale, 'scripts.preview', **counts, unchanged=plan.unchanged))}</b>"]
    for key, ids in (
        ("added", [s.id for s in plan.added]),
        ("changed", [s.id for s, _ in plan.changed]),
        ("retired", [r.id for r in plan.retired]),
    ):
        if ids:
            listed = ", ".join(ids[:shown]) + (" …" if len(ids) > shown else "")
            lines.append(h(t(locale, f"scripts.preview.{key}", ids=listed)))
    lines.append(h(t(locale, "tg.upload.ask")))
    return "\n".join(lines)


def file_problems(exc: ScriptFileError, locale: str, shown: int = 20) -> str:
    """Why a file was refused: the error, then row, column and reason of each problem."""
    from bot.scriptread import problem_text

    lines = [h(error_text(locale, exc))]
    for p in exc.problems[:shown]:
        lines.append(h(problem_text(locale, p)))
    if len(exc.problems) > shown:
        lines.append(h(t(locale, "scripts.more_problems", n=len(exc.problems) - shown)))
    return "\n".join(lines)
