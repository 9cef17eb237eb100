"""The fake Bot API driven by the real python-telegram-bot stack (Application + Updater)."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import httpx
import pytest
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

import bot.telegram  # noqa: F401  (opts PTB into timedelta periods, as the bot runs)
from tests.telegram.fakeapi import (
    FakeTelegramServer,
    UploadedFile,
    application_builder,
    collect_errors,
    free_port,
    make_bot,
    run_polling,
)

pytestmark = pytest.mark.anyio

CHAT = 4242
USER = 4242


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet with an inline keyboard."""
    assert update.message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ping", callback_data="ping")]])
    await update.message.reply_text("Welcome!", reply_markup=keyboard)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the same text, marking forwarded messages."""
    message = update.message
    assert message is not None and message.text is not None
    prefix = "fwd:" if message.forward_origin is not None else ""
    await message.reply_text(prefix + message.text)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the button press and edit the message it was on."""
    query = update.callback_query
    assert query is not None
    await query.answer("pong")
    await query.edit_message_text(f"Pressed: {query.data}")


def echo_app(builder: ApplicationBuilder) -> Application:
    """An Application with /start, an echo and a button handler."""
    app = builder.build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    return app


async def test_start_command_and_echo(
    fake_api: FakeTelegramServer, app_builder: ApplicationBuilder
) -> None:
    """/start answers with a keyboard; text (also forwarded) is echoed back."""
    app = echo_app(app_builder)
    errors = collect_errors(app)
    async with run_polling(app):
        fake_api.push_text(CHAT, USER, "/start")
        (welcome,) = await fake_api.wait_for("sendMessage")
        assert welcome["chat_id"] == CHAT
        assert welcome["text"] == "Welcome!"
        button = welcome["reply_markup"]["inline_keyboard"][0][0]
        assert button == {"text": "Ping", "callback_data": "ping"}

        fake_api.push_text(CHAT, USER, "hello there")
        fake_api.push_text(CHAT, USER, "forwarded text", forward=True)
        sent = await fake_api.wait_for("sendMessage", count=3)
    assert [p["text"] for p in sent] == ["Welcome!", "hello there", "fwd:forwarded text"]
    assert errors == []
    assert fake_api.methods()[:2] == ["getMe", "deleteWebhook"]  # initialize(), then bootstrap
    stored = fake_api.bot_messages(CHAT)
    assert [m["text"] for m in stored] == ["Welcome!", "hello there", "fwd:forwarded text"]
    assert all(m["from"]["id"] == 123456 and m["from"]["is_bot"] for m in stored)
    # User and bot messages share one increasing message_id sequence per chat.
    ids = [m["message_id"] for m in stored]
    assert ids[0] == 2 and ids == sorted(set(ids)) and ids[-1] == 6


async def test_command_with_bot_username_and_group_chat(
    fake_api: FakeTelegramServer, app_builder: ApplicationBuilder
) -> None:
    """/start@botname in a group gets its entity and reaches the CommandHandler."""
    app = echo_app(app_builder)
    async with run_polling(app):
        update = fake_api.push_text(-100123, USER, "/start@replydesk_test_bot", chat_type="group")
        (welcome,) = await fake_api.wait_for("sendMessage")
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 25}]
    assert welcome["chat_id"] == -100123
    assert fake_api.bot_messages(-100123)[0]["chat"] == {
        "id": -100123,
        "type": "group",
        "title": "Test group",
    }


async def test_callback_query_is_answered_and_message_edited(
    fake_api: FakeTelegramServer, app_builder: ApplicationBuilder
) -> None:
    """A button press is answered and its message edited (keyboard dropped)."""
    app = echo_app(app_builder)
    errors = collect_errors(app)
    async with run_polling(app):
        fake_api.push_text(CHAT, USER, "/start")
        await fake_api.wait_for("sendMessage")
        (welcome,) = fake_api.bot_messages(CHAT)
        update = fake_api.push_callback(CHAT, USER, "ping", welcome["message_id"])
        (answer,) = await fake_api.wait_for("answerCallbackQuery")
        (edit,) = await fake_api.wait_for("editMessageText")
    assert errors == []
    assert answer == {"callback_query_id": update["callback_query"]["id"], "text": "pong"}
    assert update["callback_query"]["message"]["reply_markup"] == welcome["reply_markup"]
    assert edit["chat_id"] == CHAT and edit["message_id"] == welcome["message_id"]
    assert edit["text"] == "Pressed: ping"
    edited = fake_api.message(CHAT, welcome["message_id"])
    assert edited["text"] == "Pressed: ping"
    assert "reply_markup" not in edited  # an edit without reply_markup drops the keyboard
    assert "edit_date" in edited
    record = next(r for r in fake_api.records if r.method == "editMessageText")
    assert record.status == 200 and record.response["text"] == "Pressed: ping"


async def test_document_round_trip_through_get_file_and_download(
    fake_api: FakeTelegramServer, app_builder: ApplicationBuilder
) -> None:
    """A pushed document is fetched via getFile + download, and an upload is kept."""

    async def reverse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        assert message is not None and message.document is not None
        file = await message.document.get_file()
        data = bytes(await file.download_as_bytearray())
        await message.reply_document(
            document=data[::-1], filename=f"reversed-{message.document.file_name}"
        )

    app = app_builder.build()
    app.add_handler(MessageHandler(filters.Document.ALL, reverse))
    errors = collect_errors(app)
    content = bytes(range(256)) * 10
    async with run_polling(app):
        update = fake_api.push_document(CHAT, USER, "leads.xlsx", content, mime_type="x/y")
        (reply,) = await fake_api.wait_for("sendDocument")
        (get_file,) = await fake_api.wait_for("getFile")

        # The bot's own upload can be fetched back the same way.
        sent_doc = fake_api.bot_messages(CHAT)[0]["document"]
        async with make_bot(fake_api) as bot:
            again = await (await bot.get_file(sent_doc["file_id"])).download_as_bytearray()
    assert errors == []
    pushed = update["message"]["document"]
    assert get_file == {"file_id": pushed["file_id"]}
    assert fake_api.downloads == [
        fake_api.file(pushed["file_id"]).file_path,
        fake_api.file(sent_doc["file_id"]).file_path,
    ]
    upload = reply["document"]
    assert isinstance(upload, UploadedFile)
    assert upload.filename == "reversed-leads.xlsx"
    assert upload.content == content[::-1]
    assert fake_api.uploads() == [upload]
    assert sent_doc["file_name"] == "reversed-leads.xlsx"
    assert sent_doc["file_size"] == len(content)
    assert bytes(again) == content[::-1]
    record = next(r for r in fake_api.records if r.method == "sendDocument")
    assert record.content_type == "multipart/form-data"


async def test_a_declared_size_over_20_mb_is_reported_and_refused_by_get_file(
    fake_api: FakeTelegramServer,
) -> None:
    """A test may claim a 50 MB document without storing 50 MB; getFile refuses it."""
    update = fake_api.push_document(CHAT, USER, "big.csv", b"id\n", file_size=50 * 1024 * 1024)
    document = update["message"]["document"]
    assert document["file_size"] == 50 * 1024 * 1024
    async with make_bot(fake_api) as bot:
        with pytest.raises(BadRequest, match="too big"):
            await bot.get_file(document["file_id"])
        small = fake_api.push_document(CHAT, USER, "small.csv", b"id\n")["message"]["document"]
        assert (await bot.get_file(small["file_id"])).file_size == 3


async def test_updater_confirms_updates_so_each_is_delivered_once(
    fake_api: FakeTelegramServer, app_builder: ApplicationBuilder
) -> None:
    """The real Updater confirms each batch by offset, so no update is handled twice."""
    seen: list[str] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        seen.append(update.message.text)
        await update.message.reply_text("ok")

    app = app_builder.build()
    app.add_handler(MessageHandler(filters.TEXT, record))
    async with run_polling(app):
        ids = [fake_api.push_text(CHAT, USER, f"m{i}")["update_id"] for i in range(3)]
        await fake_api.wait_for("sendMessage", count=3)
        # The next poll carries offset = last update_id + 1, which confirms the batch.
        await fake_api.wait_for("getUpdates", lambda p: p.get("offset", 0) > ids[-1])
        assert fake_api.pending_updates == []
    assert seen == ["m0", "m1", "m2"]
    assert [fake_api.delivery_count(i) for i in ids] == [1, 1, 1]
    assert len(fake_api.sent("sendMessage")) == 3


async def test_get_updates_offset_limit_and_long_polling(fake_api: FakeTelegramServer) -> None:
    """getUpdates honours offset (also negative), limit and the long-poll timeout."""
    async with make_bot(fake_api) as bot:
        first = fake_api.push_text(CHAT, USER, "one")["update_id"]
        second = fake_api.push_text(CHAT, USER, "two")["update_id"]
        assert [u.update_id for u in await bot.get_updates()] == [first, second]
        # Unconfirmed updates are returned again; limit caps the batch.
        assert [u.update_id for u in await bot.get_updates(limit=1)] == [first]
        # offset confirms (drops) everything below it.
        assert [u.update_id for u in await bot.get_updates(offset=first + 1)] == [second]
        assert [u.update_id for u in await bot.get_updates()] == [second]
        third = fake_api.push_text(CHAT, USER, "three")["update_id"]
        # A negative offset keeps only the last -offset updates.
        assert [u.update_id for u in await bot.get_updates(offset=-1)] == [third]
        assert [u.update_id for u in await bot.get_updates(offset=third + 1)] == []
        assert fake_api.pending_updates == []

        # Long polling: an empty queue holds the request until the timeout...
        began = time.monotonic()
        assert await bot.get_updates(timeout=1) == ()
        assert time.monotonic() - began >= 0.8
        # ...and an update queued meanwhile ends it early.
        loop = asyncio.get_running_loop()
        loop.call_later(0.3, fake_api.push_text, CHAT, USER, "late")
        began = time.monotonic()
        (late,) = await bot.get_updates(offset=third + 1, timeout=8)
        assert late.message is not None and late.message.text == "late"
        assert time.monotonic() - began < 6


async def test_wrong_token_fails_at_initialize(fake_api: FakeTelegramServer) -> None:
    """An unknown token is a 404, which PTB's initialize() turns into InvalidToken."""
    app = application_builder(fake_api, token="999:WRONG-token").build()
    try:
        with pytest.raises(InvalidToken):
            await app.initialize()
    finally:
        # Application.shutdown() returns early when initialize() failed, which would leave
        # the bot's httpx connections open: close them through the bot itself.
        await app.bot.shutdown()
    assert fake_api.bad_token_calls == [("999:WRONG-token", "getMe")]
    assert fake_api.calls == []
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.post(f"{fake_api.base_url}999:WRONG-token/getMe")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_request_encodings(fake_api: FakeTelegramServer) -> None:
    """PTB sends form-encoded bodies; JSON bodies and GET query strings work too."""
    async with make_bot(fake_api) as bot:
        await bot.send_message(CHAT, "123", disable_notification=True)
    form = next(r for r in fake_api.records if r.method == "sendMessage")
    assert form.content_type == "application/x-www-form-urlencoded"  # PTB's HTTPXRequest
    assert form.params == {"chat_id": CHAT, "text": "123", "disable_notification": True}

    url = f"{fake_api.base_url}{fake_api.token}"
    async with httpx.AsyncClient(trust_env=False) as client:
        as_json = await client.post(f"{url}/sendMessage", json={"chat_id": CHAT, "text": "j"})
        as_query = await client.get(f"{url}/getme")  # method names are case-insensitive
    assert as_json.json()["result"]["text"] == "j"
    assert as_query.json()["result"]["username"] == "replydesk_test_bot"
    assert [c.method for c in fake_api.calls] == ["getMe", "sendMessage", "sendMessage", "getMe"]


async def test_injected_failures_and_delays(fake_api: FakeTelegramServer) -> None:
    """fail_next maps to PTB's error classes; delay_next makes the client time out."""
    async with make_bot(fake_api) as bot:
        fake_api.fail_next("sendMessage", status=500)
        with pytest.raises(NetworkError):
            await bot.send_message(CHAT, "first try")
        await bot.send_message(CHAT, "second try")

        fake_api.fail_next("sendMessage", retry_after=3)
        with pytest.raises(RetryAfter, match="Retry in 0:00:03") as flood:
            await bot.send_message(CHAT, "flood")
        assert flood.value.retry_after == timedelta(seconds=3)  # bot.telegram opts in

        fake_api.fail_next("sendMessage", status=403)
        with pytest.raises(Exception, match="blocked"):
            await bot.send_message(CHAT, "blocked")

        # A delay past the client's read timeout: the client times out, the fake still
        # handles the call afterwards (as Telegram may deliver a message the client gave up on).
        fake_api.delay_next("sendMessage", 1.5)
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "slow", read_timeout=0.3)
    assert [p["text"] for p in fake_api.sent("sendMessage", ok_only=True)] == ["second try"]
    assert len(fake_api.sent("sendMessage")) == 5
    for _ in range(100):
        if len(fake_api.bot_messages(CHAT)) == 2:
            break
        await asyncio.sleep(0.05)
    assert [m["text"] for m in fake_api.bot_messages(CHAT)] == ["second try", "slow"]


async def test_polling_recovers_from_a_failed_get_updates(
    fake_api: FakeTelegramServer, app_builder: ApplicationBuilder
) -> None:
    """The Updater retries after an injected getUpdates failure."""
    app = echo_app(app_builder)
    fake_api.fail_next("getUpdates", status=502)
    async with run_polling(app):
        fake_api.push_text(CHAT, USER, "still here")
        (reply,) = await fake_api.wait_for("sendMessage")
    assert reply["text"] == "still here"
    statuses = [r.status for r in fake_api.records if r.method == "getUpdates"]
    assert statuses[0] == 502


async def test_drop_pending_updates_on_start(
    fake_api: FakeTelegramServer, app_builder: ApplicationBuilder
) -> None:
    """start_polling(drop_pending_updates=True) drops what was queued before."""
    app = echo_app(app_builder)
    fake_api.push_text(CHAT, USER, "stale")
    async with run_polling(app, drop_pending_updates=True):
        fake_api.push_text(CHAT, USER, "fresh")
        await fake_api.wait_for("sendMessage")
    assert [p["text"] for p in fake_api.sent("sendMessage")] == ["fresh"]
    assert fake_api.sent("deleteWebhook") == [{"drop_pending_updates": True}]


async def test_unknown_and_malformed_updates(
    fake_api: FakeTelegramServer, app_builder: ApplicationBuilder
) -> None:
    """Unknown update types pass through polling; broken ones make get_updates raise."""
    app = echo_app(app_builder)
    errors = collect_errors(app)
    async with run_polling(app):
        # An update type PTB does not know yet is parsed and ignored by the handlers.
        fake_api.push_raw({"future_update_kind": {"anything": 1}})
        fake_api.push_text(CHAT, USER, "after unknown")
        (reply,) = await fake_api.wait_for("sendMessage")
    assert reply["text"] == "after unknown"
    assert errors == []

    # A structurally broken update makes PTB's get_updates raise for the whole batch.
    async with make_bot(fake_api) as bot:
        broken = fake_api.push_raw({"message": {"text": "no ids"}})
        with pytest.raises((KeyError, TypeError)):
            await bot.get_updates()
        await bot.get_updates(offset=broken["update_id"] + 1)
    assert fake_api.pending_updates == []


async def test_webhook_delivery(
    fake_api: FakeTelegramServer, app_builder: ApplicationBuilder
) -> None:
    """setWebhook via start_webhook; deliveries are checked against the secret token."""
    app = echo_app(app_builder)
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg"
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="tg", webhook_url=url, secret_token="s3cret"
        )
        try:
            assert fake_api.webhook["url"] == url
            assert fake_api.webhook["secret_token"] == "s3cret"
            async with make_bot(fake_api) as bot:
                with pytest.raises(Conflict):
                    await bot.get_updates()
                info = await bot.get_webhook_info()
            assert info.url == url

            update = fake_api.text_update(CHAT, USER, "via webhook")
            assert await fake_api.deliver_webhook(url, update, "wrong") == 403
            assert await fake_api.deliver_webhook(url, update, None) == 403
            assert await fake_api.deliver_webhook(url, update, "s3cret") == 200
            (reply,) = await fake_api.wait_for("sendMessage")
            broken = {"update_id": 999, "message": {"text": "no ids"}}
            assert await fake_api.deliver_webhook(url, broken, "s3cret") == 400
            assert reply["text"] == "via webhook"

            fake_api.push_text(CHAT, USER, "queued")
            assert await fake_api.deliver_pending_webhook() == [200]
            await fake_api.wait_for("sendMessage", count=2)
            assert fake_api.pending_updates == []
        finally:
            await app.updater.stop()
            await app.stop()
    assert [d[2] for d in fake_api.webhook_deliveries] == [403, 403, 200, 400, 200]
    with pytest.raises(ValueError, match="loopback"):
        await fake_api.deliver_webhook("http://example.org/hook", update)


async def test_commands_set_get_delete(fake_api: FakeTelegramServer) -> None:
    """Commands are kept per scope and language, validated, and deletable."""
    async with make_bot(fake_api) as bot:
        await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
        private = BotCommandScopeAllPrivateChats()
        await bot.set_my_commands([("leads", "Lead log")], scope=private, language_code="en")
        assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
        assert [c.command for c in await bot.get_my_commands(private, "en")] == ["leads"]
        assert await bot.get_my_commands(private) == ()
        with pytest.raises(BadRequest):
            await bot.set_my_commands([("Bad-Name", "x")])
        await bot.delete_my_commands()
        assert await bot.get_my_commands() == ()
    assert fake_api.commands({"type": "all_private_chats"}, "en") == [
        {"command": "leads", "description": "Lead log"}
    ]
    assert [m for m in fake_api.methods() if "Commands" in m][-1] == "getMyCommands"


async def test_edit_errors_match_telegram(fake_api: FakeTelegramServer) -> None:
    """Edits and sends fail with Telegram's BadRequest texts where Telegram's would."""
    async with make_bot(fake_api) as bot:
        message = await bot.send_message(CHAT, "draft")
        assert message.from_user is not None and message.from_user.username == "replydesk_test_bot"
        with pytest.raises(BadRequest, match="not modified"):
            await bot.edit_message_text("draft", chat_id=CHAT, message_id=message.message_id)
        edited = await bot.edit_message_text("final", chat_id=CHAT, message_id=message.message_id)
        assert not isinstance(edited, bool) and edited.text == "final"
        with pytest.raises(BadRequest, match="not found"):
            await bot.edit_message_text("x", chat_id=CHAT, message_id=999)
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(CHAT, "x" * 4097)
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
        with_markup = await bot.edit_message_reply_markup(
            chat_id=CHAT, message_id=message.message_id, reply_markup=keyboard
        )
        assert not isinstance(with_markup, bool) and with_markup.reply_markup == keyboard
        with pytest.raises(BadRequest, match="(?i)query id is invalid"):
            await bot.answer_callback_query("no-such-query")
        await bot.close()
        await bot.log_out()


async def test_wait_for_reports_what_was_called(fake_api: FakeTelegramServer) -> None:
    """A wait_for timeout lists the calls that were made."""
    async with make_bot(fake_api) as bot:
        await bot.send_message(CHAT, "only this")
    with pytest.raises(AssertionError, match=r"sendMessage\(chat_id=4242, text='only this'\)"):
        await fake_api.wait_for("sendPhoto", timeout=0.2)
