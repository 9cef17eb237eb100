"""`replydesk chat`: the assistant in a terminal, over the same use cases as the bot."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from rich.console import Console

from bot import cli_followups, examplesview, leadview, textin
from bot.chatio import ChatIO
from bot.cli_leads import terminal_actor
from bot.config import ConfigError
from bot.desk import Actor, Desk, followups, inquiries
from bot.desk import leads as lead_cases
from bot.desk import threads as thread_cases
from bot.desk.inquiries import InquiryResult
from bot.desk.reports import day_summary
from bot.errors import UsageError, user_error_bases
from bot.format import classification_lines, fields_line, safety_lines, thread_line
from bot.texts import error_text
from bot.texts import text as t
from replies.extract import mask_phones
from replies.models import Channel

if TYPE_CHECKING:
    from prompt_toolkit.history import History

logger = logging.getLogger(__name__)
Ask = Callable[[str], str]


class ChatSession:
    """One operator's conversation: account, channel and the last answered inquiry."""

    def __init__(self, desk: Desk, actor: Actor, account: str, io: ChatIO) -> None:
        self.desk, self.actor, self.account, self.io = desk, actor, account, io
        self.locale = io.locale
        self.channel: Channel = "dm"
        self.last: InquiryResult | None = None
        self.clipboard_missing_said = False

    @property
    def prompt(self) -> str:
        """The input prompt, showing account and channel."""
        channel = t(self.locale, f"chat.channel.{self.channel}")
        return t(self.locale, "chat.prompt", account=self.account, channel=channel)

    def handle(self, line: str) -> bool:
        """Act on one input; False when the operator wants to leave."""
        try:
            line = textin.typed_line(line)  # before anything reads a huge or broken paste
            command, _, rest = line.strip().partition(" ")
            return self._dispatch(line, command, rest.strip())
        except user_error_bases() as exc:
            self.io.print(error_text(self.locale, exc), "bold red")
        except KeyboardInterrupt:  # Ctrl-C inside a question (e.g. /lead) cancels just that
            self.io.say("chat.cancelled", "yellow")
        return True

    def _dispatch(self, line: str, command: str, rest: str) -> bool:
        if command in ("/quit", "/exit", "/q"):
            return False
        actions: dict[str, Callable[[str], None]] = {
            "/help": lambda _: self.io.say("chat.help"),
            "/lead": self.lead,
            "/lead!": lambda arg: self.lead(arg, force=True),
            "/leads": lambda _: leadview.print_leads(
                self.io, lead_cases.listing(self.desk, actor=self.actor, day_from=self.desk.today())
            ),
            "/find": self.find,
            "/today": lambda _: leadview.print_today(
                self.io, day_summary(self.desk, actor=self.actor)
            ),
            "/account": self.switch_account,
            "/new": self.new_customer,
            "/thread": self.thread,
            "/cat": lambda arg: examplesview.correct(self, arg),
            "/examples": lambda arg: examplesview.examples(self, arg),
            "/followups": self.followups,
        }
        word = line.strip()
        if command in actions:
            actions[command](rest)
        elif command.startswith("/"):
            self.io.say("chat.unknown_command", "yellow", command=command)
        elif word.isdigit() and len(word) <= 2:  # a reply number
            self.use(int(word))
        elif word.lower() == "n":
            self.more()
        elif word.lower() == "c":
            self.toggle_channel()
        elif word:
            self.show(
                inquiries.handle(
                    self.desk, line, actor=self.actor, account=self.account, channel=self.channel
                )
            )
        return True

    def show(self, result: InquiryResult) -> None:
        """Print thread note, classification, numbered replies (safety, repeats) and fields."""
        self.last = result
        s = result.suggestion
        if result.position > 1:
            self.io.say("chat.same_customer", "bold magenta", n=result.position)
        for n, line in enumerate(classification_lines(s, self.locale)):
            self.io.print(line, "bold cyan" if n == 0 else "dim")
        if not s.replies:
            self.io.say("no_suggestions", "yellow")
        for n, reply in enumerate(s.replies):
            self.io.print(f"{n + 1}. {reply.text}", "bold")
            if result.repeated(n):
                self.io.say("repeat_warning", "yellow", count=result.used_today[n])
            for line, style in zip(safety_lines(reply, self.locale), ("red", "green")):
                self.io.print(line, style)
        self.io.print(fields_line(s.fields, self.locale), "magenta")
        if result.position > 1:
            self.io.print(thread_line(result.thread.fields, self.locale), "magenta")

    def use(self, n: int) -> None:
        """Mark reply n used and copy it to the clipboard where one exists."""
        if self.last is None:
            return self.io.say("chat.no_inquiry", "yellow")
        if not 1 <= n <= len(self.last.suggestion_ids):
            return self.io.say("chat.no_such_reply", "yellow", n=n)
        inquiries.mark_used(self.desk, self.last.suggestion_ids[n - 1], actor=self.actor)
        reply = self.last.suggestion.replies[n - 1]
        text = reply.safe_text if self.channel == "comment" else reply.text
        copied = copy_to_clipboard(text)
        self.io.say(
            "chat.used", "green", n=n, copied=t(self.locale, "chat.copied") if copied else ""
        )
        if not copied and not self.clipboard_missing_said:
            self.clipboard_missing_said = True
            self.io.say("chat.no_clipboard", "yellow")

    def more(self) -> None:
        """Three new wordings for the last inquiry."""
        if self.last is None:
            return self.io.say("chat.no_inquiry", "yellow")
        self.show(
            inquiries.more_variants(
                self.desk, self.last.inquiry_id, actor=self.actor, channel=self.channel
            )
        )

    def toggle_channel(self) -> None:
        """Switch DM <-> comment and re-answer the last inquiry (it is not logged again)."""
        self.channel = "comment" if self.channel == "dm" else "dm"
        self.io.say("chat.channel", "green", channel=t(self.locale, f"chat.channel.{self.channel}"))
        if self.last is not None:
            self.more()

    def switch_account(self, code: str) -> None:
        """Change the account (remembered for the next start)."""
        self.account = self.desk.config.account(code).code if code else self.account
        remember_account(self.account)
        self.last = None
        self.io.say("chat.account", "green", account=self.account)

    def new_customer(self, _: str = "") -> None:
        """`/new`: the next paste starts a new customer thread."""
        thread_cases.new_thread(self.desk, actor=self.actor, account=self.account)
        self.last = None
        self.io.say("chat.new_thread", "green")

    def followups(self, arg: str) -> None:
        """`/followups`: customers to follow up now; `/followups ACTION THREAD` marks one."""
        action, _, thread = arg.partition(" ")
        if action and not thread.strip().isdigit():
            raise UsageError("give the thread id after the action", "fu_needs_thread")
        number = int(thread) if action else None
        cli_followups.show(self.desk, self.actor, action or None, number, self.io.print)

    def thread(self, arg: str) -> None:
        """`/thread`: the recent customer threads; `/thread ID` resumes one."""
        if arg:
            if not arg.isdigit():
                return self.io.say("chat.bad_thread", "yellow", value=arg)
            record, view = thread_cases.resume_thread(self.desk, int(arg), actor=self.actor)
            self.account, self.last = record.account_code, None
            self.io.say("chat.thread_resumed", "green", id=record.id, n=record.messages)
            return self.io.print(thread_line(view.fields, self.locale), "magenta")
        found = thread_cases.recent_threads(self.desk, actor=self.actor)
        if not found:
            return self.io.say("chat.no_threads", "yellow")
        for record in found:
            when = record.last_at.astimezone(self.desk.config.tz)
            lead = t(self.locale, "chat.thread_has_lead") if record.lead_id else ""
            text = mask_phones(record.first_text)[:40]
            line = f"  #{record.id} {record.account_code} {when:%m-%d %H:%M} ×{record.messages}"
            self.io.print(f"{line} {text}{lead}")

    def find(self, query: str) -> None:
        """`/find KEYWORD`: leads by phone, WeChat, nickname or clue number."""
        if not query:
            return self.io.say("lead.find_needs_query", "yellow")
        found = lead_cases.find(self.desk, query, actor=self.actor)
        leadview.print_leads(self.io, found, empty="lead.not_found", query=query)

    def lead(self, arg: str, force: bool = False) -> None:
        """`/lead`: log from the current thread; `/lead CLUE`: show, edit, reopen its thread."""
        if arg:
            thread_id = leadview.show_and_edit(self.io, self.desk, self.actor, arg)
            if thread_id is not None:
                thread_cases.resume_thread(self.desk, thread_id, actor=self.actor)
                self.last = None
                self.io.say("chat.thread_reopened", "green", id=thread_id)
            return None
        if self.last and self.last.suggestion.classification.category == "invalid" and not force:
            return self.io.say("lead.invalid_category", "yellow")
        leadview.log_from_thread(
            self.io, self.desk, self.actor, account=self.account,
            thread_id=self.last.thread_id if self.last else None, source=self.channel,
        )  # fmt: skip
        return None


def copy_to_clipboard(text: str) -> bool:
    """Copy to the system clipboard; False where there is none (SSH, CI)."""
    try:
        import pyperclip

        pyperclip.copy(text)
        return True
    except Exception:  # pyperclip raises its own types, or OSError, when no clipboard exists
        return False


def _state_file() -> Path:
    return Path(platformdirs.user_state_dir("replydesk", appauthor=False)) / "terminal.json"


def remembered_account() -> str | None:
    """The account chosen in the last terminal session, if any."""
    try:
        return json.loads(_state_file().read_text(encoding="utf-8")).get("account")
    except (OSError, ValueError, AttributeError):
        return None


def remember_account(code: str) -> None:
    """Keep the chosen account for the next session (best effort)."""
    try:
        _state_file().parent.mkdir(parents=True, exist_ok=True)
        _state_file().write_text(json.dumps({"account": code}), encoding="utf-8")
    except OSError as exc:
        logger.warning("could not remember the account: %s", exc)


def pick_account(desk: Desk, ask: Ask) -> str:
    """The remembered account, else ask (Enter takes the configured default)."""
    config = desk.config
    remembered = remembered_account()
    if remembered and remembered in {a.code for a in config.accounts}:
        return remembered
    if len(config.accounts) == 1:
        return config.accounts[0].code
    choices = "/".join(a.code for a in config.accounts)
    while True:
        answer = ask(
            t(config.locale, "chat.pick_account", choices=choices, default=config.default_account)
        )
        try:
            code = config.account(answer.strip() or config.default_account).code
        except ConfigError:
            continue
        remember_account(code)
        return code


def make_prompts(interactive: bool) -> tuple[Ask, Ask]:
    """(read, ask): the main prompt with history, and a history-free one for lead fields.

    On a terminal both are prompt_toolkit (paste-friendly); otherwise plain input().
    """
    if not interactive:
        return textin.stdin_prompts()
    from prompt_toolkit import PromptSession

    main: PromptSession[str] = PromptSession(history=_private_history())
    fields: PromptSession[str] = PromptSession()  # phones and names stay out of history
    return (lambda message: main.prompt(message)), (lambda message: fields.prompt(message))


def _private_history() -> History:
    from prompt_toolkit.history import FileHistory

    class MaskedHistory(FileHistory):
        """Pasted inquiries are remembered with phone numbers masked (personal data)."""

        def store_string(self, string: str) -> None:
            super().store_string(mask_phones(string))

    path = _state_file().with_name("history")
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_APPEND, 0o600))  # owner-only from the start
    return MaskedHistory(str(path))


def run_chat(desk: Desk, *, interactive: bool, console: Console | None = None) -> int:
    """The read-answer loop; Ctrl-C and Ctrl-D leave cleanly."""
    console = console or Console(highlight=False, soft_wrap=True)
    read, ask = make_prompts(interactive)
    try:
        account = pick_account(desk, ask)
        io = ChatIO(console, ask, desk.config.locale)
        chat = ChatSession(desk, terminal_actor(), account, io)
        io.say("chat.welcome", "bold", account=account, channel=t(chat.locale, "chat.channel.dm"))
        due = followups.count_due(desk, actor=chat.actor)
        if due:
            io.say("fu.chat_start", "yellow", n=due)
        while chat.handle(read(chat.prompt)):
            pass
    except (EOFError, KeyboardInterrupt):
        pass
    console.print(t(desk.config.locale, "chat.bye"))
    return 0
