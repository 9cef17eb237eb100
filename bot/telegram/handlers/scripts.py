"""The script library in chat: browse by category, a script's card and its edits,
/addscript, /history and /revert (team leads and admins)."""

from __future__ import annotations

from collections import Counter

from telegram import Update

from bot.desk import script_dialogues, script_edits
from bot.desk import scripts as script_cases
from bot.desk.script_dialogues import ScriptPrompt
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
    say,
    say_key,
)
from bot.texts import text as t
from replies.categories import category_label

SHOWN_SCRIPTS = 60  # buttons under one category (Telegram allows 100)
STATUS_EDITS = {"re": "retired", "rs": "active"}
ACTIONS = dict(zip(keyboards.SCRIPT_EDITS, script_dialogues.EDIT_ACTIONS, strict=True))


async def on_scripts(update: Update, context: Context) -> None:
    """/scripts: the categories with their numbers of scripts."""
    records = await call(update, context, script_cases.list_scripts, per_chat=False)
    if records is None:
        return
    counts = Counter(str(r.data["category"]) for r in records)
    order = [c for c in desk_of(context).engine.library.categories if c in counts]
    order += sorted(set(counts) - set(order))
    locale = locale_of(context)
    markup = keyboards.script_categories([(c, counts[c]) for c in order], locale)
    await say(update, context, say_key(locale, "tg.scripts_title"), markup)


async def on_category(update: Update, context: Context) -> None:
    """A category button: its scripts, one button each."""
    category = callback_arg(update, 1)
    await answer_query(update)
    records = await call(
        update, context, script_cases.list_scripts, category=category, per_chat=False
    )
    if records is None:
        return
    locale = locale_of(context)
    if not records:
        await say(update, context, say_key(locale, "tg.no_scripts"))
        return
    title = t(locale, "tg.scripts_in", category=category_label(category, locale), n=len(records))
    await edit(update, context, render.h(title),
               keyboards.script_list(records[:SHOWN_SCRIPTS], locale))  # fmt: skip


async def on_open(update: Update, context: Context) -> None:
    """A script button: the script's card with its edit buttons."""
    await answer_query(update)
    await show_card(update, context, callback_arg(update, 1))


async def show_card(update: Update, context: Context, ref: str) -> None:
    """Send a script's card (by id or button ref) with its edit buttons."""
    found = await call(update, context, script_edits.card, ref, per_chat=False)
    if found is not None:
        locale = locale_of(context)
        await say(update, context, render.script_card(found, locale),
                  keyboards.script_card(found.record, locale))  # fmt: skip


async def on_edit(update: Update, context: Context) -> None:
    """An edit button on a card: start that edit, or retire / restore at once."""
    action, version = callback_arg(update, 1), int(callback_arg(update, 2))
    ref = callback_arg(update, 3)
    await answer_query(update)
    card = await call(update, context, script_edits.card, ref, per_chat=False)
    if card is None:
        return
    script_id = card.record.id
    if action in STATUS_EDITS:
        change = script_edits.setting_status(STATUS_EDITS[action])
        saved = await call(update, context, script_edits.edit, script_id, change, version=version,
                           per_chat=False)  # fmt: skip
        if saved is not None:
            await _saved(update, context, saved.id, saved.version)
        return
    prompt = await call(update, context, script_dialogues.begin_edit, script_id, ACTIONS[action],
                        version=version)  # fmt: skip
    if prompt is not None:
        await show_script_prompt(update, context, prompt)


async def on_addscript(update: Update, context: Context) -> None:
    """/addscript: the guided conversation, starting with the category."""
    prompt = await call(update, context, script_dialogues.begin_add)
    if prompt is not None:
        await show_script_prompt(update, context, prompt)


async def on_new_category(update: Update, context: Context) -> None:
    """A category button of /addscript's first step."""
    await answer_query(update)
    prompt = await call(
        update, context, script_dialogues.choose_category, text=callback_arg(update, 1)
    )
    if prompt is not None:
        await show_script_prompt(update, context, prompt)


async def on_save(update: Update, context: Context) -> None:
    """💾 under an /addscript preview: store the script (once)."""
    version = int(callback_arg(update, 1))
    await answer_query(update)
    done = await call(update, context, script_dialogues.save_added, version=version,
                      once=once_key(update))  # fmt: skip
    if done is not None and done.saved is not None:
        await _saved(update, context, done.saved.id, done.saved.version)


async def show_script_prompt(update: Update, context: Context, prompt: ScriptPrompt) -> None:
    """Ask a script dialogue's next question, show its preview, or the saved script."""
    locale = locale_of(context)
    if prompt.saved is not None:
        await _saved(update, context, prompt.saved.id, prompt.saved.version)
        return
    markup = None
    if prompt.kind == script_dialogues.ADD and prompt.step == "category":
        markup = keyboards.new_script_categories(desk_of(context).engine.library.categories, locale)
    elif prompt.kind == script_dialogues.ADD and prompt.step == "confirm":
        markup = keyboards.save_script(prompt.version, locale)
    elif prompt.kind == "upload":
        markup = keyboards.confirm_upload(prompt.version, locale)
    await say(update, context, render.script_prompt(prompt, locale), markup)


async def _saved(update: Update, context: Context, script_id: str, version: int) -> None:
    locale = locale_of(context)
    await say(update, context, say_key(locale, "scripts.saved", id=script_id, version=version))
    await show_card(update, context, keyboards.script_ref(script_id))


async def on_history(update: Update, context: Context) -> None:
    """/history ID: every version of a script with who and when."""
    locale = locale_of(context)
    if len(context.args or []) != 1:
        await say(update, context, say_key(locale, "tg.usage.history"))
        return
    script_id = (context.args or [""])[0]
    versions = await call(update, context, script_cases.history, script_id, per_chat=False)
    if versions is not None:
        tz = desk_of(context).config.tz
        await say(update, context, render.script_history(script_id, versions, locale, tz))


async def on_revert(update: Update, context: Context) -> None:
    """/revert ID VERSION: that version's content saved as the newest version."""
    args = context.args or []
    if len(args) != 2 or not args[1].isdigit():
        await say(update, context, say_key(locale_of(context), "tg.usage.revert"))
        return
    saved = await call(update, context, script_cases.revert, args[0], int(args[1]), per_chat=False)
    if saved is not None:
        await _saved(update, context, saved.id, saved.version)
