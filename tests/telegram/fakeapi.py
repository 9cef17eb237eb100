"""A fake Telegram Bot API server on 127.0.0.1 for tests that drive the real PTB stack.

The server is an aiohttp application running in a background thread with its own event
loop, so a python-telegram-bot Application can run in the test's loop and talk to it over
real HTTP. It records every call, keeps the messages the bot sends (so edits work), serves
long polling with Telegram's offset semantics, stores uploaded and injected files for
getFile and download, and can post updates to a bot's webhook.

Usage (see conftest.py for the fixtures)::

    server = FakeTelegramServer("123456:TEST-token").start()
    app = application_builder(server).build()
    server.push_text(chat_id=42, user_id=42, text="/start")
    ...
    server.stop()

All public methods are thread-safe: the test thread calls them while the server thread
answers the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from aiohttp import ClientSession, ClientTimeout, web
from telegram import Bot
from telegram.ext import Application, ApplicationBuilder, ContextTypes

JSON = dict[str, Any]
Handler = Callable[[JSON], Any]

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_UPLOAD = 50 * 1024 * 1024
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")

# Form fields that Telegram treats as plain strings: never JSON-decode these ("123" stays a
# string). Any other form value is JSON-decoded when it parses, as PTB JSON-encodes
# non-string values (ints, bools, lists, dicts) before it form-encodes them.
STRING_PARAMS = frozenset(
    {
        "action",
        "address",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "currency",
        "custom_title",
        "data",
        "description",
        "document",
        "emoji",
        "explanation",
        "file_id",
        "first_name",
        "foursquare_id",
        "foursquare_type",
        "google_place_id",
        "google_place_type",
        "inline_message_id",
        "invite_link",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "parse_mode",
        "payload",
        "phone_number",
        "photo",
        "provider_token",
        "query",
        "question",
        "result_id",
        "secret_token",
        "short_description",
        "start_parameter",
        "sticker",
        "switch_inline_query",
        "text",
        "thumbnail",
        "title",
        "url",
        "vcard",
        "video",
        "video_note",
        "voice",
    }
)

# Telegram method names are case-insensitive; calls are recorded under these spellings.
KNOWN_METHODS = (
    "getMe",
    "getUpdates",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "answerCallbackQuery",
    "sendDocument",
    "sendPhoto",
    "getFile",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "close",
    "logOut",
    "sendChatAction",
    "deleteMessage",
)


class ApiError(Exception):
    """A Bot API error answer: HTTP status plus description (custom handlers may raise it)."""

    def __init__(
        self, status: int, description: str, parameters: Mapping[str, Any] | None = None
    ) -> None:
        """Keep the status, the description and the optional ResponseParameters."""
        super().__init__(f"{status}: {description}")
        self.status = status
        self.description = description
        self.parameters = dict(parameters) if parameters else None


class Call(NamedTuple):
    """One recorded Bot API call: the method name and its decoded parameters."""

    method: str
    params: JSON


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request, as the bot uploaded it."""

    field_name: str
    filename: str
    content: bytes
    mime_type: str


@dataclass
class CallRecord:
    """A recorded call with transport details and the answer the fake gave."""

    method: str
    params: JSON
    content_type: str
    http_method: str
    status: int | None = None
    response: Any = None


@dataclass
class StoredFile:
    """A file known to the fake: uploaded by the bot or injected by a test."""

    file_id: str
    file_unique_id: str
    file_path: str
    filename: str
    mime_type: str
    content: bytes
    declared_size: int | None = None  # a size the test claims (a 50 MB file without 50 MB)

    @property
    def size(self) -> int:
        """The size Telegram reports for this file."""
        return self.declared_size if self.declared_size is not None else len(self.content)

    def as_document(self) -> JSON:
        """The Telegram Document object for this file."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "mime_type": self.mime_type,
            "file_size": self.size,
        }

    def as_photo(self) -> list[JSON]:
        """The PhotoSize list of a sent photo (the fake keeps one size, the original)."""
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": 1,  # the fake does not decode images
                "height": 1,
                "file_size": len(self.content),
            }
        ]


@dataclass
class _Fault:
    status: int | None = None
    description: str = ""
    retry_after: int | None = None
    delay: float = 0.0


@dataclass
class _Webhook:
    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    ip_address: str | None = None
    has_custom_certificate: bool = False
    extra: JSON = field(default_factory=dict)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on host right now (for a bot's webhook server in tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def utf16_len(text: str) -> int:
    """Length of text in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def decode_form_value(name: str, value: str) -> Any:
    """Decode one form field the way PTB encoded it (JSON for non-strings)."""
    if name in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _as_int(value: Any, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ApiError(400, f"Bad Request: invalid integer value {value!r}") from exc


def _as_float(value: Any, default: float) -> float:
    if value is None or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ApiError(400, f"Bad Request: invalid number value {value!r}") from exc


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in {"true", "1"}
    return bool(value)


def _inline_markup(value: Any) -> JSON | None:
    # Only inline keyboards are part of a Message; reply keyboards are not echoed.
    if isinstance(value, dict) and "inline_keyboard" in value:
        return copy.deepcopy(value)
    return None


class FakeTelegramServer:
    """A fake Bot API for one bot token, served on 127.0.0.1 from a background thread."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        *,
        bot_username: str = "replydesk_test_bot",
        bot_first_name: str = "ReplyDesk Test Bot",
        host: str = "127.0.0.1",
    ) -> None:
        """Configure the bot identity; call start() to serve."""
        if host not in LOOPBACK_HOSTS:
            raise ValueError(f"the fake serves on loopback only, not {host!r}")
        self.token = token
        self.host = host
        prefix = token.split(":", 1)[0]
        self.bot_user: JSON = {
            "id": int(prefix) if prefix.isdigit() else 1,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._lock = threading.RLock()
        self._records: list[CallRecord] = []
        self._bad_token_calls: list[tuple[str, str]] = []
        self._downloads: list[str] = []
        self._errors: list[BaseException] = []
        self._pending: list[JSON] = []
        self._next_update_id = 1
        self._deliveries: Counter[int] = Counter()
        self._chats: dict[int, JSON] = {}
        self._messages: dict[tuple[int, int], JSON] = {}
        self._last_message_id: dict[int, int] = {}
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._file_seq = 0
        self._callback_seq = 0
        self._open_callbacks: set[str] = set()
        self._answered_callbacks: set[str] = set()
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._webhook = _Webhook()
        self._webhook_deliveries: list[tuple[str, int | None, int]] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._custom: dict[str, Handler] = {}
        self._waiters: set[asyncio.Event] = set()
        self._poll_generation = 0
        self._closing = False
        self._port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._closed_event: asyncio.Event | None = None
        self._canonical = {name.lower(): name for name in KNOWN_METHODS}
        self._builtin: dict[str, Callable[[JSON], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "getFile": self._get_file,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "close": self._true,
            "logOut": self._true,
            "sendChatAction": self._true,
            "deleteMessage": self._delete_message,
        }

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeTelegramServer:
        """Bind a free port on the loopback host and serve from a background thread."""
        if self._thread is not None:
            raise RuntimeError("the fake Telegram server is already running")
        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET)
        sock.bind((self.host, 0))
        self._port = int(sock.getsockname()[1])
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(
            target=self._run_loop, args=(loop,), name=f"fake-telegram-{self._port}", daemon=True
        )
        self._thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self._serve(sock), loop).result(timeout=15)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Wake long polls, shut the HTTP server down and end the background thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        with self._lock:
            self._closing = True
            self._wake_waiters_locked()
        if self._closed_event is not None:
            loop.call_soon_threadsafe(self._closed_event.set)
        if self._runner is not None and loop.is_running():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._runner.cleanup(), loop).result(timeout=15)
        if loop.is_running():
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=15)
        self._thread = None
        self._loop = None
        self._runner = None

    def __enter__(self) -> FakeTelegramServer:
        """Start the server for a with block."""
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        """Stop the server at the end of a with block."""
        self.stop()

    @staticmethod
    def _run_loop(loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _serve(self, sock: socket.socket) -> None:
        self._closed_event = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_download)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        self._runner = runner

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._port is None:
            raise RuntimeError("the fake Telegram server is not started")
        return self._port

    @property
    def root_url(self) -> str:
        """http://127.0.0.1:PORT, the server's root."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """PTB's base_url: PTB appends the token, then '/<method>'."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB's base_file_url: PTB appends the token, then '/<file_path>'."""
        return f"{self.root_url}/file/bot"

    # ------------------------------------------------------------------ call log

    @property
    def calls(self) -> list[Call]:
        """Every call made with the right token, in arrival order."""
        with self._lock:
            return [Call(r.method, r.params) for r in self._records]

    @property
    def records(self) -> list[CallRecord]:
        """Every call with its content type, HTTP status and answer (copies)."""
        with self._lock:
            return [copy.copy(r) for r in self._records]

    @property
    def bad_token_calls(self) -> list[tuple[str, str]]:
        """(token, method) of requests rejected with 404 for an unknown token."""
        with self._lock:
            return list(self._bad_token_calls)

    @property
    def downloads(self) -> list[str]:
        """file_path of every file download served, in order."""
        with self._lock:
            return list(self._downloads)

    @property
    def errors(self) -> list[BaseException]:
        """Unexpected exceptions inside the fake itself (answered with HTTP 500)."""
        with self._lock:
            return list(self._errors)

    def methods(self) -> list[str]:
        """The method names called so far, in order."""
        return [c.method for c in self.calls]

    def sent(self, method: str = "sendMessage", *, ok_only: bool = False) -> list[JSON]:
        """Params of every call of method, optionally only those answered with 2xx."""
        with self._lock:
            return [
                r.params
                for r in self._records
                if r.method == method
                and (not ok_only or (r.status is not None and 200 <= r.status < 300))
            ]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[JSON], bool] | None = None,
        count: int = 1,
        timeout: float = 30.0,  # a bound, not a measure: a retrain on a loaded machine is slow
    ) -> list[JSON]:
        """Wait (without blocking the loop) until count calls of method match; return them."""
        deadline = time.monotonic() + timeout
        while True:
            matches = [p for p in self.sent(method) if predicate is None or predicate(p)]
            if len(matches) >= count:
                return matches
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"waited {timeout}s for {count} {method} call(s)"
                    f"{' matching the predicate' if predicate else ''}, got {len(matches)}; "
                    f"calls so far: {self.describe_calls()}"
                )
            await asyncio.sleep(0.02)

    def describe_calls(self, limit: int = 30) -> str:
        """A short text of the recorded calls (getUpdates folded into a count)."""
        calls = self.calls
        polls = sum(1 for c in calls if c.method == "getUpdates")
        others = [c for c in calls if c.method != "getUpdates"]
        parts = [f"{c.method}({_short(c.params)})" for c in others[-limit:]]
        if len(others) > limit:
            parts.insert(0, f"... {len(others) - limit} earlier")
        return f"[{', '.join(parts)}] + {polls} getUpdates"

    # ------------------------------------------------------------------ state views

    def bot_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Messages the bot sent successfully (current state after edits), oldest first."""
        with self._lock:
            items = sorted(self._messages.items())
            return [
                copy.deepcopy(m)
                for (cid, _), m in items
                if m.get("from", {}).get("id") == self.bot_user["id"]
                and (chat_id is None or cid == chat_id)
            ]

    def message(self, chat_id: int, message_id: int) -> JSON:
        """The stored message (either side) with this id in this chat."""
        with self._lock:
            return copy.deepcopy(self._messages[(chat_id, message_id)])

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._lock:
            return copy.deepcopy(self._pending)

    def delivery_count(self, update_id: int) -> int:
        """How many getUpdates answers (or webhook posts) contained this update."""
        with self._lock:
            return self._deliveries[update_id]

    def file(self, file_id: str) -> StoredFile:
        """A stored file by file_id (uploaded by the bot or pushed by a test)."""
        with self._lock:
            return self._files[file_id]

    def uploads(self, method: str = "sendDocument") -> list[UploadedFile]:
        """Files the bot uploaded with calls of method, in order."""
        return [v for p in self.sent(method) for v in p.values() if isinstance(v, UploadedFile)]

    def commands(
        self, scope: Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[JSON]:
        """The commands set for scope (default scope when None) and language."""
        with self._lock:
            return copy.deepcopy(self._commands.get(_scope_key(scope, language_code), []))

    @property
    def webhook(self) -> JSON:
        """The webhook as set by setWebhook: url ('' when none), secret_token and options."""
        with self._lock:
            hook = self._webhook
            return {
                "url": hook.url,
                "secret_token": hook.secret_token,
                "max_connections": hook.max_connections,
                "allowed_updates": copy.deepcopy(hook.allowed_updates),
                "ip_address": hook.ip_address,
                **copy.deepcopy(hook.extra),
            }

    @property
    def webhook_deliveries(self) -> list[tuple[str, int | None, int]]:
        """(url, update_id, HTTP status) of every webhook post made by deliver_webhook."""
        with self._lock:
            return list(self._webhook_deliveries)

    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str,
        status: int = 500,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of method with an error (retry_after → 429 flood wait)."""
        if retry_after is not None and status == 500:
            status = 429
        text = description or _default_description(status, retry_after)
        with self._lock:
            self._faults.setdefault(method, []).extend(
                _Fault(status=status, description=text, retry_after=retry_after)
                for _ in range(times)
            )

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next `times` calls of method for seconds, then handle them normally."""
        with self._lock:
            self._faults.setdefault(method, []).extend(_Fault(delay=seconds) for _ in range(times))

    def set_handler(self, method: str, handler: Handler | None) -> None:
        """Answer method with handler(params) (raise ApiError for errors); None removes it."""
        with self._lock:
            if handler is None:
                self._custom.pop(method, None)
            else:
                self._canonical.setdefault(method.lower(), method)
                self._custom[method] = handler

    # ------------------------------------------------------------------ building updates

    def text_update(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        chat_type: str = "private",
        first_name: str = "Tester",
        username: str | None = None,
        forward: bool = False,
        entities: list[JSON] | None = None,
        reply_to_message_id: int | None = None,
        chat_title: str = "Test group",
    ) -> JSON:
        """Build (and store) a user's text Message update without queueing it."""
        user = _user(user_id, first_name, username)
        chat = self._remember_chat(chat_id, chat_type, user, chat_title)
        fields: JSON = {"text": text}
        if entities is None and text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        if entities:
            fields["entities"] = copy.deepcopy(entities)
        if forward:
            fields["forward_origin"] = {
                "type": "user",
                "date": int(time.time()) - 60,
                "sender_user": _user(user_id + 1_000_000, "Original", "original_author"),
            }
        if reply_to_message_id is not None:
            with self._lock:
                replied = self._messages.get((chat_id, reply_to_message_id))
            if replied is not None:
                fields["reply_to_message"] = _without_reply(replied)
        message = self._store_message(chat, user, fields)
        return self._new_update({"message": message})

    def callback_update(
        self,
        chat_id: int,
        user_id: int,
        data: str,
        message_id: int,
        *,
        first_name: str = "Tester",
        username: str | None = None,
    ) -> JSON:
        """Build a CallbackQuery update on one of the bot's stored messages, not queued."""
        with self._lock:
            stored = self._messages.get((chat_id, message_id))
            if stored is None or stored.get("from", {}).get("id") != self.bot_user["id"]:
                raise ValueError(f"no message {message_id} sent by the bot in chat {chat_id}")
            self._callback_seq += 1
            query_id = f"{self.bot_user['id']}{self._callback_seq:08d}"
            self._open_callbacks.add(query_id)
            message = copy.deepcopy(stored)
        query = {
            "id": query_id,
            "from": _user(user_id, first_name, username),
            "message": message,
            "chat_instance": f"ci{chat_id}",
            "data": data,
        }
        return self._new_update({"callback_query": query})

    def document_update(
        self,
        chat_id: int,
        user_id: int,
        filename: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        *,
        caption: str | None = None,
        chat_type: str = "private",
        first_name: str = "Tester",
        username: str | None = None,
        chat_title: str = "Test group",
        file_size: int | None = None,
    ) -> JSON:
        """Store a file and build a Message update carrying it as a document, not queued.

        ``file_size`` claims another size than the content's (getFile then refuses a file
        over the 20 MB a bot may download, as Telegram does).
        """
        user = _user(user_id, first_name, username)
        chat = self._remember_chat(chat_id, chat_type, user, chat_title)
        stored = self._store_file(filename, bytes(content), mime_type, declared_size=file_size)
        fields: JSON = {"document": stored.as_document()}
        if caption is not None:
            fields["caption"] = caption
        message = self._store_message(chat, user, fields)
        return self._new_update({"message": message})

    # ------------------------------------------------------------------ pushing updates

    def push_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        chat_type: str = "private",
        first_name: str = "Tester",
        username: str | None = None,
        forward: bool = False,
        entities: list[JSON] | None = None,
        reply_to_message_id: int | None = None,
        chat_title: str = "Test group",
    ) -> JSON:
        """Queue a user's text message for getUpdates; a leading /command gets its entity."""
        update = self.text_update(
            chat_id,
            user_id,
            text,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
            forward=forward,
            entities=entities,
            reply_to_message_id=reply_to_message_id,
            chat_title=chat_title,
        )
        return self._enqueue(update)

    def push_callback(
        self,
        chat_id: int,
        user_id: int,
        data: str,
        message_id: int,
        *,
        first_name: str = "Tester",
        username: str | None = None,
    ) -> JSON:
        """Queue a button press (CallbackQuery) on one of the bot's stored messages."""
        update = self.callback_update(
            chat_id, user_id, data, message_id, first_name=first_name, username=username
        )
        return self._enqueue(update)

    def push_document(
        self,
        chat_id: int,
        user_id: int,
        filename: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        *,
        caption: str | None = None,
        chat_type: str = "private",
        first_name: str = "Tester",
        username: str | None = None,
        chat_title: str = "Test group",
        file_size: int | None = None,
    ) -> JSON:
        """Queue a message with a document; the file is served by getFile and download."""
        update = self.document_update(
            chat_id,
            user_id,
            filename,
            content,
            mime_type,
            caption=caption,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
            chat_title=chat_title,
            file_size=file_size,
        )
        return self._enqueue(update)

    def push_raw(self, update: Mapping[str, Any], *, assign_id: bool = True) -> JSON:
        """Queue an arbitrary (possibly malformed) update; assign_id fills in update_id.

        Beware: PTB's get_updates parses the whole batch at once, and an update it cannot
        parse makes the Updater re-poll the same batch in a busy loop (later updates are never
        handled, and Updater.stop() then raises). Test unparseable updates through
        Bot.get_updates or deliver_webhook (PTB's webhook answers 400); updates of an unknown
        type are fine under polling.
        """
        raw = copy.deepcopy(dict(update))
        with self._lock:
            if assign_id and "update_id" not in raw:
                raw["update_id"] = self._next_update_id
            if isinstance(raw.get("update_id"), int):
                self._next_update_id = max(self._next_update_id, raw["update_id"] + 1)
        return self._enqueue(raw)

    # ------------------------------------------------------------------ webhooks

    async def deliver_webhook(
        self,
        url: str,
        update: Mapping[str, Any],
        secret_token: str | None = None,
        *,
        timeout: float = 10.0,
    ) -> int:
        """POST update to a bot's webhook (loopback only) as Telegram does; return the status."""
        host = urlsplit(url).hostname
        if host not in LOOPBACK_HOSTS:
            raise ValueError(f"webhook deliveries go to loopback addresses only, not {url!r}")
        if self._loop is None:
            raise RuntimeError("the fake Telegram server is not started")
        future = asyncio.run_coroutine_threadsafe(
            self._post_webhook(url, dict(update), secret_token, timeout), self._loop
        )
        return await asyncio.wrap_future(future)

    async def deliver_pending_webhook(self, *, timeout: float = 10.0) -> list[int]:
        """Post every pending update to the webhook set by setWebhook; drop those answered 2xx."""
        hook = self.webhook
        if not hook["url"]:
            raise AssertionError("no webhook is set (setWebhook was not called)")
        statuses = []
        for update in self.pending_updates:
            status = await self.deliver_webhook(
                hook["url"], update, hook["secret_token"], timeout=timeout
            )
            statuses.append(status)
            if 200 <= status < 300:
                with self._lock:
                    self._pending = [
                        u for u in self._pending if u.get("update_id") != update.get("update_id")
                    ]
        return statuses

    async def _post_webhook(
        self, url: str, update: JSON, secret_token: str | None, timeout: float
    ) -> int:
        headers = {"Content-Type": "application/json"}
        if secret_token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
        body = json.dumps(update).encode()
        async with (
            ClientSession(timeout=ClientTimeout(total=timeout)) as session,
            session.post(url, data=body, headers=headers) as response,
        ):
            await response.read()
            status = response.status
        update_id = update.get("update_id")
        with self._lock:
            self._webhook_deliveries.append((url, update_id, status))
            if isinstance(update_id, int):
                self._deliveries[update_id] += 1
        return status

    # ------------------------------------------------------------------ internals: state

    def _new_update(self, body: JSON) -> JSON:
        with self._lock:
            update = {"update_id": self._next_update_id, **body}
            self._next_update_id += 1
        return update

    def _enqueue(self, update: JSON) -> JSON:
        with self._lock:
            self._pending.append(copy.deepcopy(update))
            self._wake_waiters_locked()
        return update

    def _wake_waiters_locked(self) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        for event in list(self._waiters):
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(event.set)

    def _remember_chat(self, chat_id: int, chat_type: str, user: JSON, title: str) -> JSON:
        chat: JSON = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = user["first_name"]
            if user.get("username"):
                chat["username"] = user["username"]
        else:
            chat["title"] = title
        with self._lock:
            self._chats[chat_id] = chat
        return copy.deepcopy(chat)

    def _resolve_chat(self, chat_id: Any) -> JSON:
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        with self._lock:
            if isinstance(chat_id, int) and not isinstance(chat_id, bool):
                known = self._chats.get(chat_id)
                if known is None:
                    kind = "private" if chat_id > 0 else "supergroup"
                    known = {"id": chat_id, "type": kind}
                    known["first_name" if kind == "private" else "title"] = f"Chat {chat_id}"
                    self._chats[chat_id] = known
                return copy.deepcopy(known)
            if isinstance(chat_id, str) and chat_id.startswith("@"):
                for chat in self._chats.values():
                    if chat.get("username") == chat_id[1:]:
                        return copy.deepcopy(chat)
        raise ApiError(400, "Bad Request: chat not found")

    def _store_message(self, chat: JSON, sender: JSON, fields: JSON) -> JSON:
        with self._lock:
            chat_id = chat["id"]
            message_id = self._last_message_id.get(chat_id, 0) + 1
            self._last_message_id[chat_id] = message_id
            message = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": copy.deepcopy(chat),
                "from": copy.deepcopy(sender),
                **copy.deepcopy(fields),
            }
            self._messages[(chat_id, message_id)] = message
            return copy.deepcopy(message)

    def _store_file(
        self, filename: str, content: bytes, mime_type: str, declared_size: int | None = None
    ) -> StoredFile:
        with self._lock:
            self._file_seq += 1
            seq = self._file_seq
            suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
            stored = StoredFile(
                file_id=f"BQACAgIAAxkBAAI{seq:06d}fake",
                file_unique_id=f"AgAD{seq:06d}",
                file_path=f"documents/file_{seq}.{suffix}",
                filename=filename,
                mime_type=mime_type,
                content=content,
                declared_size=declared_size,
            )
            self._files[stored.file_id] = stored
            self._files_by_path[stored.file_path] = stored
            return stored

    def _stored_bot_message(self, params: JSON, *, action: str) -> JSON:
        chat = self._resolve_chat(params.get("chat_id"))
        message_id = _as_int(params.get("message_id"), 0)
        with self._lock:
            message = self._messages.get((chat["id"], message_id))
        if message is None:
            raise ApiError(400, f"Bad Request: message to {action} not found")
        if message.get("from", {}).get("id") != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    def _reply_fields(self, chat_id: int, params: JSON) -> JSON:
        reply = params.get("reply_parameters")
        message_id = reply.get("message_id") if isinstance(reply, dict) else None
        if message_id is None:
            message_id = params.get("reply_to_message_id")
        if message_id is None:
            return {}
        with self._lock:
            replied = self._messages.get((chat_id, _as_int(message_id, 0)))
        return {"reply_to_message": _without_reply(replied)} if replied else {}

    # ------------------------------------------------------------------ internals: HTTP

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        raw_method = request.match_info["method"]
        if token != self.token:
            with self._lock:
                self._bad_token_calls.append((token, raw_method))
            return _error_response(ApiError(404, "Not Found"))
        method = self._canonical.get(raw_method.lower(), raw_method)
        try:
            params = await _read_params(request)
        except ApiError as exc:
            return _error_response(exc)
        record = CallRecord(method, params, request.content_type, request.method)
        with self._lock:
            self._records.append(record)
            faults = self._faults.get(method)
            fault = faults.pop(0) if faults else None
        try:
            if fault is not None and fault.delay:
                await self._sleep(fault.delay)
            if fault is not None and fault.status is not None:
                parameters = {"retry_after": fault.retry_after} if fault.retry_after else None
                raise ApiError(fault.status, fault.description, parameters)
            result = await self._dispatch(method, params)
        except ApiError as exc:
            with self._lock:
                record.status, record.response = exc.status, exc.description
            return _error_response(exc)
        except Exception as exc:
            with self._lock:
                self._errors.append(exc)
                record.status, record.response = 500, repr(exc)
            return _error_response(ApiError(500, f"Internal Server Error: fake failed: {exc!r}"))
        with self._lock:
            record.status, record.response = 200, result
        return web.json_response({"ok": True, "result": result})

    async def _dispatch(self, method: str, params: JSON) -> Any:
        with self._lock:
            custom = self._custom.get(method)
        if custom is not None:
            result = custom(params)
            if asyncio.iscoroutine(result):
                result = await result
            return result
        builtin = self._builtin.get(method)
        if builtin is None:
            raise ApiError(404, "Not Found")
        return await builtin(params)

    async def _handle_download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error_response(ApiError(404, "Not Found"))
        path = request.match_info["path"]
        with self._lock:
            stored = self._files_by_path.get(path)
            if stored is not None:
                self._downloads.append(path)
        if stored is None:
            return _error_response(ApiError(404, "Not Found"))
        return web.Response(body=stored.content, content_type="application/octet-stream")

    async def _sleep(self, seconds: float) -> None:
        assert self._closed_event is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closed_event.wait(), seconds)

    # ------------------------------------------------------------------ internals: methods

    async def _true(self, params: JSON) -> bool:
        return True

    async def _get_me(self, params: JSON) -> JSON:
        return copy.deepcopy(self.bot_user)

    async def _get_updates(self, params: JSON) -> list[JSON]:
        offset = _as_int(params.get("offset"), 0)
        limit = min(max(_as_int(params.get("limit"), 100), 1), 100)
        timeout = max(_as_float(params.get("timeout"), 0.0), 0.0)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        with self._lock:
            if self._webhook.url:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            if offset > 0:
                self._pending = [u for u in self._pending if _update_id(u) >= offset]
            elif offset < 0:
                self._pending = self._pending[offset:]
            self._poll_generation += 1
            generation = self._poll_generation
            self._wake_waiters_locked()  # an older long poll ends with 409, as on Telegram
        while True:
            event = asyncio.Event()
            with self._lock:
                if generation != self._poll_generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                batch = copy.deepcopy(self._pending[:limit])
                remaining = deadline - loop.time()
                if batch or self._closing or remaining <= 0:
                    for update in batch:
                        if isinstance(update.get("update_id"), int):
                            self._deliveries[update["update_id"]] += 1
                    return batch
                self._waiters.add(event)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
            finally:
                with self._lock:
                    self._waiters.discard(event)

    async def _send_message(self, params: JSON) -> JSON:
        chat = self._resolve_chat(params.get("chat_id"))
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        fields: JSON = {"text": text}
        if isinstance(params.get("entities"), list):
            fields["entities"] = params["entities"]
        markup = _inline_markup(params.get("reply_markup"))
        if markup is not None:
            fields["reply_markup"] = markup
        fields.update(self._reply_fields(chat["id"], params))
        return self._store_message(chat, self.bot_user, fields)

    async def _edit_message_text(self, params: JSON) -> JSON | bool:
        if params.get("inline_message_id"):
            return True
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        with self._lock:
            message = self._stored_bot_message(params, action="edit")
            if "text" not in message:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            entities = params.get("entities") if isinstance(params.get("entities"), list) else None
            # Like Telegram: an edit without reply_markup removes the inline keyboard.
            markup = _inline_markup(params.get("reply_markup"))
            if (
                message["text"] == text
                and message.get("entities") == entities
                and message.get("reply_markup") == markup
            ):
                raise ApiError(400, _NOT_MODIFIED)
            message["text"] = text
            _set_or_drop(message, "entities", entities)
            _set_or_drop(message, "reply_markup", markup)
            message["edit_date"] = int(time.time())
            return copy.deepcopy(message)

    async def _edit_message_reply_markup(self, params: JSON) -> JSON | bool:
        if params.get("inline_message_id"):
            return True
        with self._lock:
            message = self._stored_bot_message(params, action="edit")
            markup = _inline_markup(params.get("reply_markup"))
            if message.get("reply_markup") == markup:
                raise ApiError(400, _NOT_MODIFIED)
            _set_or_drop(message, "reply_markup", markup)
            message["edit_date"] = int(time.time())
            return copy.deepcopy(message)

    async def _answer_callback_query(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        with self._lock:
            if query_id not in self._open_callbacks or query_id in self._answered_callbacks:
                raise ApiError(
                    400,
                    "Bad Request: query is too old and response timeout expired "
                    "or query ID is invalid",
                )
            self._answered_callbacks.add(query_id)
        return True

    async def _send_document(self, params: JSON) -> JSON:
        chat = self._resolve_chat(params.get("chat_id"))
        document = params.get("document")
        if isinstance(document, UploadedFile):
            stored = self._store_file(document.filename, document.content, document.mime_type)
        else:
            with self._lock:
                known = self._files.get(document) if isinstance(document, str) else None
            if known is None:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            stored = known
        fields: JSON = {"document": stored.as_document()}
        caption = params.get("caption")
        if isinstance(caption, str) and caption:
            if len(caption) > MAX_CAPTION:
                raise ApiError(400, "Bad Request: message caption is too long")
            fields["caption"] = caption
        markup = _inline_markup(params.get("reply_markup"))
        if markup is not None:
            fields["reply_markup"] = markup
        fields.update(self._reply_fields(chat["id"], params))
        return self._store_message(chat, self.bot_user, fields)

    async def _send_photo(self, params: JSON) -> JSON:
        chat = self._resolve_chat(params.get("chat_id"))
        photo = params.get("photo")
        if not isinstance(photo, UploadedFile):
            raise ApiError(400, "Bad Request: the fake takes photos as uploads only")
        stored = self._store_file(photo.filename, photo.content, photo.mime_type)
        fields: JSON = {"photo": stored.as_photo()}
        caption = params.get("caption")
        if isinstance(caption, str) and caption:
            if len(caption) > MAX_CAPTION:
                raise ApiError(400, "Bad Request: message caption is too long")
            fields["caption"] = caption
        fields.update(self._reply_fields(chat["id"], params))
        return self._store_message(chat, self.bot_user, fields)

    async def _get_file(self, params: JSON) -> JSON:
        with self._lock:
            stored = self._files.get(str(params.get("file_id", "")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if stored.size > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    async def _set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100 commands")
        for command in commands:
            name = command.get("command") if isinstance(command, dict) else None
            description = command.get("description") if isinstance(command, dict) else None
            if not isinstance(name, str) or not _COMMAND_RE.match(name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = _scope_key(params.get("scope"), params.get("language_code") or "")
        with self._lock:
            if commands:
                self._commands[key] = copy.deepcopy(commands)
            else:
                self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: JSON) -> list[JSON]:
        return self.commands(params.get("scope"), params.get("language_code") or "")

    async def _delete_my_commands(self, params: JSON) -> bool:
        key = _scope_key(params.get("scope"), params.get("language_code") or "")
        with self._lock:
            self._commands.pop(key, None)
        return True

    async def _set_webhook(self, params: JSON) -> bool:
        url = params.get("url") or ""
        with self._lock:
            if _as_bool(params.get("drop_pending_updates", False)):
                self._pending.clear()
            if not url:
                self._webhook = _Webhook()
            else:
                self._webhook = _Webhook(
                    url=url,
                    secret_token=params.get("secret_token"),
                    max_connections=_as_int(params.get("max_connections"), 40),
                    allowed_updates=params.get("allowed_updates"),
                    ip_address=params.get("ip_address"),
                    has_custom_certificate=isinstance(params.get("certificate"), UploadedFile),
                )
            self._wake_waiters_locked()  # a long poll in flight now ends with 409
        return True

    async def _delete_webhook(self, params: JSON) -> bool:
        with self._lock:
            if _as_bool(params.get("drop_pending_updates", False)):
                self._pending.clear()
            self._webhook = _Webhook()
        return True

    async def _get_webhook_info(self, params: JSON) -> JSON:
        with self._lock:
            hook = self._webhook
            info: JSON = {
                "url": hook.url,
                "has_custom_certificate": hook.has_custom_certificate,
                "pending_update_count": len(self._pending),
            }
            if hook.url:
                info["max_connections"] = hook.max_connections
                if hook.ip_address:
                    info["ip_address"] = hook.ip_address
                if hook.allowed_updates is not None:
                    info["allowed_updates"] = copy.deepcopy(hook.allowed_updates)
            return info

    async def _delete_message(self, params: JSON) -> bool:
        chat = self._resolve_chat(params.get("chat_id"))
        key = (chat["id"], _as_int(params.get("message_id"), 0))
        with self._lock:
            if self._messages.pop(key, None) is None:
                raise ApiError(400, "Bad Request: message to delete not found")
        return True


_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


async def _read_params(request: web.Request) -> JSON:
    params: JSON = {k: decode_form_value(k, v) for k, v in request.query.items()}
    if not request.can_read_body:
        return params
    content_type = request.content_type
    if content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise ApiError(400, "Bad Request: can't parse JSON body") from exc
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: JSON body must be an object")
        params.update(body)
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                params[name] = UploadedFile(
                    field_name=name,
                    filename=value.filename,
                    content=value.file.read(),
                    mime_type=value.content_type,
                )
            elif isinstance(value, str):
                params[name] = decode_form_value(name, value)
    return params


def _error_response(exc: ApiError) -> web.Response:
    body: JSON = {"ok": False, "error_code": exc.status, "description": exc.description}
    if exc.parameters:
        body["parameters"] = exc.parameters
    return web.json_response(body, status=exc.status)


def _default_description(status: int, retry_after: int | None) -> str:
    if retry_after:
        return f"Too Many Requests: retry after {retry_after}"
    return {
        400: "Bad Request: injected failure",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: "Conflict: injected failure",
        429: "Too Many Requests: retry later",
        502: "Bad Gateway",
    }.get(status, "Internal Server Error")


def _user(user_id: int, first_name: str, username: str | None) -> JSON:
    user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username:
        user["username"] = username
    return user


def _update_id(update: JSON) -> int:
    value = update.get("update_id")
    return value if isinstance(value, int) else 0


def _without_reply(message: JSON) -> JSON:
    # Telegram does not nest reply_to_message inside a replied-to message.
    return {k: copy.deepcopy(v) for k, v in message.items() if k != "reply_to_message"}


def _set_or_drop(target: JSON, key: str, value: Any) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = copy.deepcopy(value)


def _scope_key(scope: Any, language_code: str) -> tuple[str, str]:
    if not isinstance(scope, dict):
        scope = {"type": "default"}
    return json.dumps(scope, sort_keys=True), language_code


def _short(params: JSON, width: int = 80) -> str:
    text = ", ".join(
        f"{k}={v.filename!r}" if isinstance(v, UploadedFile) else f"{k}={v!r}"
        for k, v in params.items()
    )
    return text if len(text) <= width else text[: width - 3] + "..."


# ---------------------------------------------------------------------- PTB helpers


def application_builder(server: FakeTelegramServer, token: str | None = None) -> ApplicationBuilder:
    """An ApplicationBuilder whose bot talks to the fake (token defaults to the fake's)."""
    return (
        ApplicationBuilder()
        .token(token or server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
    )


def make_bot(server: FakeTelegramServer, token: str | None = None, **kwargs: Any) -> Bot:
    """A bare telegram.Bot against the fake; use it as `async with make_bot(server) as bot`."""
    return Bot(
        token or server.token,
        base_url=server.base_url,
        base_file_url=server.base_file_url,
        **kwargs,
    )


def collect_errors(application: Application) -> list[BaseException]:
    """Register an error handler that collects handler exceptions into the returned list."""
    errors: list[BaseException] = []

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            errors.append(context.error)

    application.add_error_handler(on_error)
    return errors


@contextlib.asynccontextmanager
async def run_polling(
    application: Application,
    *,
    timeout: int = 1,
    allowed_updates: Iterable[str] | None = None,
    drop_pending_updates: bool | None = None,
) -> AsyncIterator[Application]:
    """Initialize, start and poll with the real Updater; stop and shut down on exit."""
    async with application:
        await application.start()
        assert application.updater is not None, "build the Application with an Updater"
        await application.updater.start_polling(
            poll_interval=0,
            timeout=timeout,
            allowed_updates=list(allowed_updates) if allowed_updates is not None else None,
            drop_pending_updates=drop_pending_updates,
        )
        try:
            yield application
        finally:
            try:
                if application.updater.running:
                    await application.updater.stop()
            finally:
                if application.running:
                    await application.stop()
