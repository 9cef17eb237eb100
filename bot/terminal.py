"""`replydesk chat`: the assistant in a terminal, over the same use cases as the bot."""

from __future__ import annotations

import getpass
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from rich.console import Console

from bot import leadview, textin
from bot.config import ConfigError
from bot.desk import Actor, Desk, DeskError, InquiryResult
from bot.format import classification_lines, fields_line
from bot.texts import error_text
from bot.texts import text as t
from replies.errors import ReplyError
from replies.extract import mask_phones
from replies.models import Channel
from storage.errors import StorageError

if TYPE_CHECKING:
    from prompt_toolkit.history import History

logger = logging.getLogger(__name__)
Ask = Callable[[str], str]


class ChatSession:
    """One operator's conversation: the last inquiry, account and channel."""

    def __init__(self, desk: Desk, actor: Actor, account: str, ask: Ask, console: Console) -> None:
        self.desk, self.actor, self.account = desk, actor, account
        self.ask, self.console = ask, console
        self.locale = desk.config.locale
        self.channel: Channel = "dm"
        self.last: InquiryResult | None = None

    def say(self, key: str, style: str = "", **values: object) -> None:
        """Print one localised sentence."""
        self.console.print(t(self.locale, key, **values), style=style or None, markup=False)

    @property
    def prompt(self) -> str:
        """The input prompt, showing account and channel."""
        channel = t(self.locale, f"chat.channel.{self.channel}")
        return t(self.locale, "chat.prompt", account=self.account, channel=channel)

    def handle(self, line: str) -> bool:
        """Act on one input; False when the operator wants to leave."""
        command, _, rest = line.strip().partition(" ")
        try:
            return self._dispatch(line, command, rest.strip())
        except (ReplyError, StorageError, ConfigError, DeskError) as exc:
            self.console.print(error_text(self.locale, exc), style="bold red", markup=False)
        except KeyboardInterrupt:  # Ctrl-C inside a question (e.g. /lead) cancels just that
            self.say("chat.cancelled", "yellow")
        return True

    def _dispatch(self, line: str, command: str, rest: str) -> bool:
        if command in ("/quit", "/exit", "/q"):
            return False
        actions: dict[str, Callable[[str], None]] = {
            "/help": lambda _: self.say("chat.help"),
            "/lead": self.lead,
            "/lead!": lambda arg: self.lead(arg, force=True),
            "/leads": lambda _: leadview.print_leads(
                self, self.desk.list_leads(day_from=self.desk.today())
            ),
            "/find": lambda q: leadview.print_leads(self, self.desk.find_leads(q), query=q),
            "/today": lambda _: leadview.print_today(self, self.desk.day_summary()),
            "/account": self.switch_account,
        }
        if command in actions:
            actions[command](rest)
        elif command.startswith("/"):
            self.say("chat.unknown_command", "yellow", command=command)
        elif line.strip().isdigit() and len(line.strip()) <= 2:  # a reply number
            self.use(int(line.strip()))
        elif line.strip().lower() == "n":
            self.more()
        elif line.strip().lower() == "c":
            self.toggle_channel()
        elif line.strip():
            self.show(
                self.desk.handle_inquiry(
                    line, actor=self.actor, account=self.account, channel=self.channel
                )
            )
        return True

    def show(self, result: InquiryResult) -> None:
        """Print classification, numbered replies (with safety and repeat notes) and fields."""
        self.last = result
        s = result.suggestion
        for n, line in enumerate(classification_lines(s, self.locale)):
            self.console.print(line, style="bold cyan" if n == 0 else "dim", markup=False)
        if not s.replies:
            self.say("no_suggestions", "yellow")
        for n, reply in enumerate(s.replies):
            self.console.print(f"{n + 1}. {reply.text}", style="bold", markup=False)
            if result.repeated(n):
                self.say("repeat_warning", "yellow", count=result.used_today[n])
            if reply.violations:
                hits = "、".join(
                    f"{v.text}({t(self.locale, 'severity.' + v.severity)})"
                    for v in reply.violations
                )
                self.console.print(
                    f"   {t(self.locale, 'safety_hits')}: {hits}", style="red", markup=False
                )
                self.console.print(
                    f"   {t(self.locale, 'safe_version')}: {reply.safe_text}",
                    style="green",
                    markup=False,
                )
        self.console.print(fields_line(s.fields, self.locale), style="magenta", markup=False)

    def use(self, n: int) -> None:
        """Mark reply n used and copy it to the clipboard where one exists."""
        if self.last is None:
            return self.say("chat.no_inquiry", "yellow")
        if not 1 <= n <= len(self.last.suggestion_ids):
            return self.say("chat.no_such_reply", "yellow", n=n)
        self.desk.mark_used(self.last.suggestion_ids[n - 1])
        reply = self.last.suggestion.replies[n - 1]
        text = reply.safe_text if self.channel == "comment" else reply.text
        copied = t(self.locale, "chat.copied") if copy_to_clipboard(text) else ""
        self.say("chat.used", "green", n=n, copied=copied)

    def more(self) -> None:
        """Three new wordings for the last inquiry."""
        if self.last is None:
            return self.say("chat.no_inquiry", "yellow")
        self.show(self.desk.more_variants(self.last))

    def toggle_channel(self) -> None:
        """Switch DM <-> comment, and re-answer the last inquiry for the new channel."""
        self.channel = "comment" if self.channel == "dm" else "dm"
        self.say("chat.channel", "green", channel=t(self.locale, f"chat.channel.{self.channel}"))
        if self.last is not None:
            text = self.last.suggestion.text
            self.show(
                self.desk.handle_inquiry(
                    text, actor=self.actor, account=self.account, channel=self.channel
                )
            )

    def switch_account(self, code: str) -> None:
        """Change the account (remembered for the next start)."""
        self.account = self.desk.config.account(code).code if code else self.account
        remember_account(self.account)
        self.last = None
        self.say("chat.account", "green", account=self.account)

    def lead(self, arg: str, force: bool = False) -> None:
        """`/lead`: log from the last inquiry; `/lead CLUE`: show and edit one."""
        if arg:
            return leadview.show_and_edit(self, arg)
        if self.last and self.last.suggestion.classification.category == "invalid" and not force:
            return self.say("lead.invalid_category", "yellow")
        leadview.log_from_last(self)


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


def terminal_actor(role: str = "admin") -> Actor:
    """Whoever runs the terminal owns the files: an admin under their login name."""
    user = getpass.getuser()
    return Actor(handle=f"terminal:{user}", display_name=user, role=role)


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
        chat = ChatSession(desk, terminal_actor(), account, ask, console)
        chat.say("chat.welcome", "bold", account=account, channel=t(chat.locale, "chat.channel.dm"))
        while chat.handle(read(chat.prompt)):
            pass
    except (EOFError, KeyboardInterrupt):
        pass
    console.print(t(desk.config.locale, "chat.bye"))
    return 0
