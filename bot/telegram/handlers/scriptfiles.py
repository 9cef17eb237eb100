"""Script files in chat: an uploaded library (checked, previewed, confirmed), /exportscripts
and /template. A file over 20 MB is refused before it is downloaded."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError

from bot.desk import script_uploads
from bot.desk.script_import import current_scripts
from bot.errors import ScriptFileError
from bot.scriptcells import COLUMNS
from bot.scriptread import MAX_BYTES, read_scripts
from bot.scriptwrite import write_scripts
from bot.scriptxlsx import write_template
from bot.telegram import keyboards, render
from bot.telegram.services import (
    Context,
    answer_query,
    call,
    callback_arg,
    desk_of,
    edit,
    locale_of,
    once_key,
    replace,
    say,
    say_key,
)
from bot.texts import error_text
from bot.texts import text as t
from replies.models import Script

logger = logging.getLogger(__name__)
FORMATS = ("toml", "csv", "xlsx")
LIMIT = f"{MAX_BYTES // (1024 * 1024)} MB"


async def on_document(update: Update, context: Context) -> None:
    """An uploaded .toml/.csv/.xlsx: check all of it, preview, wait for Confirm."""
    message = update.effective_message
    document = message.document if message else None
    if document is None or message is None or message.chat.type != ChatType.PRIVATE:
        return  # a file shared in a team group is not an import
    if not await call(update, context, script_uploads.check, per_chat=False):
        return
    locale, name = locale_of(context), _safe_name(document.file_name)
    if Path(name).suffix.lower().lstrip(".") not in FORMATS:
        refused = ScriptFileError(f"{name}: unknown format", "script_format", file=name)
        await say(update, context, error_text(locale, refused), html=False)
        return
    if (document.file_size or 0) > MAX_BYTES:  # refused before any download
        await _too_big(update, context, name, document.file_size)
        return
    progress = await say(update, context, say_key(locale, "tg.upload.reading", file=name))
    try:
        remote = await context.bot.get_file(document.file_id)
    except BadRequest:  # no size in the message and Telegram says it is too big
        await _too_big(update, context, name, None)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        await remote.download_to_drive(path)
        scripts = await _read(context, path, progress, locale)
    if scripts is None or progress is None:
        return
    staged = await call(update, context, script_uploads.stage, scripts, file=name)
    if staged is None:
        return
    plan, version = staged
    if not version:
        await replace(context, progress, say_key(locale, "scripts.nothing"))
        return
    await replace(context, progress, render.import_preview(plan, locale),
                  keyboards.confirm_upload(version, locale))  # fmt: skip


async def _read(
    context: Context, path: Path, progress: Message | None, locale: str
) -> list[Script] | None:
    """The file's scripts, read in a thread that edits the progress line every N rows."""
    loop, pending = asyncio.get_running_loop(), list[Future[None]]()

    def report(rows: int) -> None:
        if pending and not pending[-1].done():
            return  # the last edit is still on its way: skip this one, never queue up
        text = say_key(locale, "tg.upload.progress", file=path.name, rows=rows)
        pending.append(asyncio.run_coroutine_threadsafe(_quietly(context, progress, text), loop))

    try:
        return await asyncio.to_thread(read_scripts, path, desk_of(context).engine.rules, report)
    except ScriptFileError as exc:
        await _settled(pending)
        if progress is not None:
            await replace(context, progress, render.file_problems(exc, locale))
        return None
    finally:
        await _settled(pending)  # every progress edit lands before the verdict's


async def _settled(pending: list[Future[None]]) -> None:
    if pending:
        await asyncio.gather(*(asyncio.wrap_future(f) for f in pending))
        pending.clear()


async def _quietly(context: Context, message: Message | None, text: str) -> None:
    """A progress edit; one that fails costs only that line."""
    if message is None:
        return
    try:
        await replace(context, message, text)
    except TelegramError as exc:
        logger.warning("progress edit failed: %s", exc)


async def _too_big(update: Update, context: Context, name: str, size: int | None) -> None:
    shown = f"{size / (1024 * 1024):.1f}" if size else "?"
    text = say_key(locale_of(context), "tg.upload.too_big", file=name, size=shown, limit=LIMIT)
    await say(update, context, text)


def _safe_name(name: str | None) -> str:
    """The uploaded name without any folder part (it names a file in a temporary folder)."""
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "")
    return base.strip(". ") or "upload"


async def on_confirm(update: Update, context: Context) -> None:
    """✅ under an upload's preview: apply all of it in one transaction (once)."""
    version = int(callback_arg(update, 1))
    await answer_query(update)
    plan = await call(update, context, script_uploads.confirm, version=version,
                      once=once_key(update))  # fmt: skip
    if plan is not None:
        await edit(update, context, say_key(locale_of(context), "scripts.applied"))


async def on_export(update: Update, context: Context) -> None:
    """/exportscripts [toml|csv|xlsx]: the active library as a file import reads back."""
    locale, args = locale_of(context), context.args or []
    fmt = args[0].lower() if args else "xlsx"
    if fmt not in FORMATS or len(args) > 1:
        await say(update, context, say_key(locale, "tg.usage.exportscripts"))
        return
    scripts = await call(update, context, current_scripts, per_chat=False)
    if scripts is not None:
        caption = t(locale, "tg.export_scripts_caption", rows=len(scripts))
        await _send_file(update, context, f"scripts.{fmt}", caption,
                         lambda path: write_scripts(scripts, fmt, path))  # fmt: skip


async def on_template(update: Update, context: Context) -> None:
    """/template: an empty import sheet and a sheet documenting each column."""
    if not await call(update, context, script_uploads.check, per_chat=False):
        return
    locale = locale_of(context)
    notes = [(t(locale, "template.column"), t(locale, "template.meaning"))]
    notes += [(c, t(locale, f"template.{c}")) for c in COLUMNS]
    notes.append(("", t(locale, "template.rules")))
    sheet = t(locale, "template.sheet")
    await _send_file(update, context, "scripts-template.xlsx", t(locale, "tg.template_caption"),
                     lambda path: write_template(path, notes, sheet))  # fmt: skip


async def _send_file(
    update: Update, context: Context, name: str, caption: str, write: Callable[[Path], None]
) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        await asyncio.to_thread(write, path)
        data = await asyncio.to_thread(path.read_bytes)
    await context.bot.send_document(chat.id, data, filename=name, caption=caption)
