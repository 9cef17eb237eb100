"""The one composition root of the Telegram bot: bot, defaults, every handler in order,
the error handler, the command menu. Order matters: commands and buttons before text."""

from __future__ import annotations

import logging

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.desk import Desk
from bot.telegram import scheduler
from bot.telegram.handlers import (
    buttons,
    general,
    jobs,
    leads,
    paste,
    scriptfiles,
    scripts,
    scriptstats,
    summary,
)
from bot.telegram.handlers import candidates as candidate_handlers
from bot.telegram.handlers import proposals as proposal_handlers
from bot.telegram.services import DESK, Context, say_key
from bot.telegram.transport import ChatOrderedProcessor, TolerantBot
from bot.texts import text as t

logger = logging.getLogger(__name__)
CONCURRENT_UPDATES = 64
COMMANDS = (
    "start", "help", "account", "new", "leads", "lead", "note", "find", "export", "summary",
    "followups", "cancel", "propose", "pending", "candidates", "scripts", "addscript",
    "history", "revert", "exportscripts", "template", "scriptstats",
)  # fmt: skip


def build_application(
    desk: Desk,
    token: str,
    *,
    rate_limit: bool = True,
    base_url: str | None = None,
    base_file_url: str | None = None,
) -> Application:  # type: ignore[type-arg]
    """The Application over one desk (its engine built and warmed already)."""
    config = desk.config
    bot = TolerantBot(
        token,
        base_url=base_url or config.telegram_base_url,
        base_file_url=base_file_url or config.telegram_base_file_url,
        request=HTTPXRequest(connection_pool_size=CONCURRENT_UPDATES + 8),
        get_updates_request=HTTPXRequest(),
        defaults=Defaults(
            parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
        ),
        rate_limiter=AIORateLimiter(max_retries=2) if rate_limit else None,  # type: ignore[arg-type]
    )
    application = (
        Application.builder()
        .bot(bot)
        .concurrent_updates(ChatOrderedProcessor(CONCURRENT_UPDATES))
        .post_init(_post_init)
        .build()
    )
    application.bot_data[DESK] = desk
    _add_handlers(application)
    application.add_error_handler(on_error)
    scheduler.install(application)  # summaries and reminders, every minute
    return application


def _add_handlers(app: Application) -> None:  # type: ignore[type-arg]
    command = {
        "start": general.on_help, "help": general.on_help, "account": general.on_account,
        "new": buttons.on_new, "leads": leads.on_leads, "lead": leads.on_lead_command,
        "note": leads.on_note, "find": leads.on_find, "export": leads.on_export,
        "cancel": leads.on_cancel, "grant": general.on_grant, "revoke": general.on_revoke,
        "examples": general.on_examples, "summary": summary.on_summary,
        "followups": jobs.on_followups,
        "propose": proposal_handlers.on_propose, "pending": proposal_handlers.on_pending,
        "candidates": candidate_handlers.on_candidates,
        "addcategory": candidate_handlers.on_add_category,
        "scripts": scripts.on_scripts, "addscript": scripts.on_addscript,
        "history": scripts.on_history, "revert": scripts.on_revert,
        "exportscripts": scriptfiles.on_export, "template": scriptfiles.on_template,
        "scriptstats": scriptstats.on_scriptstats,
    }  # fmt: skip
    new_messages = filters.UpdateType.MESSAGE  # edited messages are not new questions
    for name, handler in command.items():
        app.add_handler(CommandHandler(name, handler, filters=new_messages))
    callbacks = {
        "use": buttons.on_use, "more": buttons.on_more, "cats": buttons.on_categories,
        "cat": buttons.on_category, "new": buttons.on_new, "lead": leads.on_lead_button,
        "ok": leads.on_confirm, "no": leads.on_cancel, "st": leads.on_status,
        "leads": leads.on_leads, "acct": general.on_account_button,
        "exu": general.on_undo_example, "fu": jobs.on_followup_button,
        "prk": proposal_handlers.on_kind, "prs": proposal_handlers.on_submit,
        "pra": proposal_handlers.on_approve, "prr": proposal_handlers.on_reject,
        "prn": proposal_handlers.on_no_reason, "cp": candidate_handlers.on_promote,
        "cps": candidate_handlers.on_pick,
        "scl": scripts.on_category, "sco": scripts.on_open, "sce": scripts.on_edit,
        "sac": scripts.on_new_category, "sas": scripts.on_save, "upok": scriptfiles.on_confirm,
    }  # fmt: skip
    for prefix, handler in callbacks.items():
        app.add_handler(CallbackQueryHandler(handler, pattern=f"^{prefix}:"))
    app.add_handler(MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, paste.on_text))
    app.add_handler(MessageHandler(new_messages & filters.Document.ALL, scriptfiles.on_document))
    app.add_handler(MessageHandler(new_messages & ~filters.TEXT, paste.on_other))


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    """The command menu, in the configured language; then what fell due while no bot ran."""
    locale = app.bot_data[DESK].config.locale
    await app.bot.set_my_commands([BotCommand(c, t(locale, f"tg.cmd.{c}")) for c in COMMANDS])
    await scheduler.run_once(app)


async def on_error(update: object, context: Context) -> None:
    """Log the error with the update id; tell the user briefly, never with a traceback."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("update %s failed", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        locale = context.application.bot_data[DESK].config.locale
        try:
            await context.bot.send_message(update.effective_chat.id, say_key(locale, "tg.failed"))
        except Exception:  # the chat may be gone (blocked, removed): logged, nothing more
            logger.warning("could not tell chat %s about the error", update.effective_chat.id)
