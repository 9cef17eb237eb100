"""Load config.toml into frozen dataclasses; every key is documented in config.example.toml.

Where the file comes from: ``--config PATH``, else ``$REPLYDESK_CONFIG``, else
``./config.toml`` when it exists, else built-in defaults. A broken file fails at
start with the section, the key and the reason.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from bot.errors import DeskError
from bot.schedule import Schedule, parse_clock, parse_quiet, parse_weekly
from storage.errors import ClueFormatError

# replies.engine.DEFAULT_THRESHOLD, not imported: the config loads before the engine's
# numpy and scikit-learn (a test keeps the two equal).
THRESHOLD = 60.0


class ConfigError(DeskError):
    """The configuration file is missing, malformed or has a bad value.

    ``locale`` is the file's locale when it could still be read, so that even this error
    reaches the operator in the language they chose.
    """

    def __init__(
        self, message: str, code: str = "", locale: str | None = None, **values: object
    ) -> None:
        super().__init__(message, code, **values)
        self.locale = locale


@dataclass(frozen=True)
class AccountConfig:
    """One enterprise account: short code, display name, home city."""

    code: str
    name: str
    city: str = ""


LOCALES = ("zh", "en")
DEFAULT_ACCOUNTS = (
    AccountConfig("TJ", "团建策划", "北京"),
    AccountConfig("MZ", "美妆旗舰", ""),
)


@dataclass(frozen=True)
class Config:
    """The whole configuration; defaults make the program run with no file at all."""

    accounts: tuple[AccountConfig, ...] = DEFAULT_ACCOUNTS
    default_account: str = "TJ"
    locale: str = "zh"
    timezone: str = "Asia/Shanghai"
    threshold: float = THRESHOLD  # 100 x the shown category's calibrated probability
    suggestions: int = 3
    starter_examples: bool = True  # learn the bundled starter examples (replies.starter)
    model_cache: bool = True  # keep trained models in the user's cache folder (replies.modelcache)
    rotation_memory: int = 5
    repeat_warning: int = 3
    library_paths: tuple[Path, ...] = ()
    safety_rules: Path | None = None
    database_url: str = ""
    clue_format: str = "{account}-{date:%Y%m%d}-{seq:03d}"
    duplicate_days: int = 90
    idle_minutes: int = 30
    admins: tuple[int, ...] = ()
    leads: tuple[int, ...] = ()
    operators: tuple[int, ...] = ()
    groups: tuple[int, ...] = ()
    telegram_token: str = ""
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_path: str = "telegram"
    webhook_url: str = ""
    webhook_secret: str = ""
    summary_chats: tuple[int, ...] = ()
    daily_at: str = "21:00"
    weekly_at: str = "Mon 09:30"
    monthly_at: str = "09:30"
    followup_after_hours: int = 24
    followup_rounds: int = 3
    followup_quiet: str = "22:00-09:00"
    source: str = "built-in defaults"

    @property
    def tz(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    def account(self, code: str) -> AccountConfig:
        """The account with this code (case-insensitive); ConfigError if unknown."""
        for account in self.accounts:
            if account.code == code.upper():
                return account
        known = ", ".join(a.code for a in self.accounts)
        raise ConfigError(
            f"unknown account {code!r} (configured: {known})",
            "unknown_account",
            account=code,
            known=known,
        )

    def schedule(self) -> Schedule:
        """The summary times and reminder quiet hours, parsed (validated at load)."""
        day, weekly = parse_weekly(self.weekly_at)
        return Schedule(
            self.tz, parse_clock(self.daily_at), day, weekly, parse_clock(self.monthly_at),
            parse_quiet(self.followup_quiet),
        )  # fmt: skip

    def role_floors(self) -> dict[str, str]:
        """The least role of each Telegram user listed in [access], by handle (tg:<id>)."""
        floors: dict[str, str] = {}
        for role, ids in (
            ("operator", self.operators),
            ("lead", self.leads),
            ("admin", self.admins),
        ):
            floors.update({f"tg:{user_id}": role for user_id in ids})  # the highest wins
        return floors

    def db_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the user's data folder."""
        if self.database_url:
            return self.database_url
        folder = Path(platformdirs.user_data_dir("replydesk", appauthor=False))
        return f"sqlite:///{folder / 'replydesk.sqlite'}"

    def model_folder(self) -> Path | None:
        """Where trained models are kept (the user's cache folder), None when turned off."""
        if not self.model_cache:
            return None
        return Path(platformdirs.user_cache_dir("replydesk", appauthor=False)) / "models"


def find_config(explicit: str | None) -> Path | None:
    """The config file to use, by the precedence above; None means defaults."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("REPLYDESK_CONFIG")
    if from_env:
        return Path(from_env)
    local = Path("config.toml")
    return local if local.is_file() else None


def config_locale(explicit: str | None = None) -> str:
    """The locale the config file would set, read leniently; the default when it cannot be.

    For what speaks before the config is loaded (the command line's help and argument
    errors): a file that cannot be read or parsed says so later, when it is loaded.
    """
    path = find_config(explicit)
    try:
        raw = path.read_bytes() if path is not None else b""
    except OSError:
        raw = b""
    return peek_locale(raw.decode("utf-8", "replace")) or Config.locale


def load_config(explicit: str | None = None) -> Config:
    """Find, read and validate the configuration."""
    path = find_config(explicit)
    if path is None:
        return Config()
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found", "config_not_found", file=path) from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc}", "config_unreadable", file=path) from exc
    locale = peek_locale(raw.decode("utf-8", "replace"))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: cannot read: {exc}", "config_not_utf8", locale, file=path
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        at = _AT.search(str(exc))
        line, column = at.groups() if at else ("?", "?")
        raise ConfigError(
            f"{path}: TOML syntax error: {exc}", "config_syntax", locale,
            file=path, line=line, column=column,
        ) from exc  # fmt: skip
    try:
        return _parse(data, path)
    except ConfigError as exc:
        error = ConfigError(f"{path}: {exc}", exc.code, locale)
        error.values = {**exc.values, "file": path}
        raise error from None


_AT = re.compile(r"at line (\d+), column (\d+)")  # where tomllib says a syntax error is


def _invalid(where: str, reason: str, message: str, **values: object) -> ConfigError:
    """A bad key or value at ``where`` ("[matching] threshold"); its sentence is the code's."""
    error = ConfigError(f"{where}: {message}", f"config_{reason}")
    error.values = {"where": where, **values}
    return error


_LOCALE_LINE = re.compile(r"""\s*locale\s*=\s*["'](\w+)["']\s*(?:#.*)?""")


def peek_locale(text: str) -> str | None:
    """The top-level ``locale = "en"`` of a config text, read leniently (even if it is broken)."""
    for line in text.splitlines():
        if line.lstrip().startswith("["):
            return None  # the key is top-level: past the first table it is not the locale
        found = _LOCALE_LINE.fullmatch(line)
        if found:
            return found.group(1) if found.group(1) in LOCALES else None
    return None


_SECTIONS = {
    "": {"locale", "timezone", "default_account", "accounts"},
    "matching": {"threshold", "suggestions", "starter_examples", "model_cache"},
    "rotation": {"memory", "repeat_warning"},
    "library": {"paths"},
    "safety": {"rules"},
    "database": {"url"},
    "leads": {"clue_format", "duplicate_days"},
    "threads": {"idle_minutes"},
    "access": {"admins", "leads", "operators", "groups"},
    "telegram": {"token", "base_url", "base_file_url", "webhook"},
    "summary": {"chats", "daily_at", "weekly_at", "monthly_at"},
    "followups": {"after_hours", "rounds", "quiet"},
}
_WEBHOOK_KEYS = {"listen", "port", "url_path", "url", "secret_token"}


def _parse(data: Mapping[str, Any], path: Path) -> Config:
    for key in data:
        if key not in _SECTIONS[""] and key not in _SECTIONS:
            raise _invalid(key, "unknown_key", "unknown key")
    sections = {name: _section(data, name) for name in _SECTIONS if name}
    get = _getter(data, sections)
    base = path.parent
    accounts = _accounts(data.get("accounts"))
    default_account = get("", "default_account", str, accounts[0].code).upper()
    if default_account not in {a.code for a in accounts}:
        raise _invalid(
            "default_account", "default_account",
            f"{default_account!r} is not among [[accounts]]", value=default_account,
        )  # fmt: skip
    config = Config(
        accounts=accounts,
        default_account=default_account,
        locale=_choice(get("", "locale", str, "zh"), LOCALES, "locale"),
        timezone=_timezone(get("", "timezone", str, "Asia/Shanghai")),
        threshold=_between(
            get("matching", "threshold", float, THRESHOLD), 0, 100, "[matching] threshold"
        ),
        suggestions=int(
            _between(get("matching", "suggestions", int, 3), 1, 10, "[matching] suggestions")
        ),
        starter_examples=get("matching", "starter_examples", bool, True),
        model_cache=get("matching", "model_cache", bool, True),
        rotation_memory=int(
            _between(get("rotation", "memory", int, 5), 0, 100, "[rotation] memory")
        ),
        repeat_warning=int(
            _between(
                get("rotation", "repeat_warning", int, 3), 1, 1000, "[rotation] repeat_warning"
            )
        ),
        library_paths=tuple(base / p for p in get("library", "paths", list, [])),
        safety_rules=_opt_path(base, get("safety", "rules", str, "")),
        database_url=get("database", "url", str, ""),
        clue_format=_clue_format(get("leads", "clue_format", str, Config.clue_format)),
        duplicate_days=int(
            _between(get("leads", "duplicate_days", int, 90), 0, 3650, "[leads] duplicate_days")
        ),
        **_access(sections["access"]),
        **_telegram(sections["telegram"]),
        **_jobs(sections["summary"], get),
        idle_minutes=int(
            _between(
                get("threads", "idle_minutes", int, 30), 1, 7 * 24 * 60, "[threads] idle_minutes"
            )
        ),
        source=str(path),
    )
    return config


def _ids(section: Mapping[str, Any], key: str) -> tuple[int, ...]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise _invalid(f"[access] {key}", "ids", "must be a list of Telegram ids (whole numbers)")
    return tuple(value)


def _access(section: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _ids(section, key) for key in ("admins", "leads", "operators", "groups")}


def _telegram(section: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, name in (("token", "telegram_token"), ("base_url", "telegram_base_url"),
                      ("base_file_url", "telegram_base_file_url")):  # fmt: skip
        if key in section:
            if not isinstance(section[key], str):
                raise _type(f"[telegram] {key}", str, section[key])
            out[name] = section[key]
    hook = section.get("webhook", {})
    if not isinstance(hook, dict):
        raise _invalid("[telegram.webhook]", "table", "must be a table")
    for key in hook:
        if key not in _WEBHOOK_KEYS:
            raise _invalid(f"[telegram.webhook] {key}", "unknown_key", "unknown key")
    if "port" in hook:
        port = hook["port"]
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise _invalid(
                "[telegram.webhook] port", "between", f"must be 1-65535, got {port!r}",
                low=1, high=65535, value=repr(port),
            )  # fmt: skip
        out["webhook_port"] = port
    for key, name in (("listen", "webhook_listen"), ("url_path", "webhook_path"),
                      ("url", "webhook_url"), ("secret_token", "webhook_secret")):  # fmt: skip
        if key in hook:
            if not isinstance(hook[key], str):
                raise _type(f"[telegram.webhook] {key}", str, hook[key])
            out[name] = hook[key]
    return out


def _jobs(summary: Mapping[str, Any], get: Any) -> dict[str, Any]:
    """[summary] and [followups]: chats, the three summary times, reminder rules."""
    chats = summary.get("chats", [])
    if not isinstance(chats, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in chats
    ):
        raise _invalid(
            "[summary] chats", "ids", "must be a list of Telegram chat ids (whole numbers)"
        )
    out: dict[str, Any] = {"summary_chats": tuple(chats)}
    parsers = {"daily_at": parse_clock, "weekly_at": parse_weekly, "monthly_at": parse_clock}
    for key, parse in parsers.items():
        value = get("summary", key, str, getattr(Config, key))
        out[key] = _parsed(value, parse, f"[summary] {key}")
    quiet = get("followups", "quiet", str, Config.followup_quiet)
    out["followup_quiet"] = _parsed(quiet, parse_quiet, "[followups] quiet")
    for key, high in (("after_hours", 24 * 30), ("rounds", 20)):
        value = get("followups", key, int, getattr(Config, f"followup_{key}"))
        out[f"followup_{key}"] = int(_between(value, 1, high, f"[followups] {key}"))
    return out


def _parsed(value: str, parse: Callable[[str], Any], where: str) -> str:
    try:
        parse(value)
    except ValueError as exc:
        reasons: dict[Callable[[str], Any], str] = {
            parse_clock: "clock", parse_weekly: "weekly", parse_quiet: "quiet"
        }  # fmt: skip
        reason = reasons[parse]
        raise _invalid(where, reason, str(exc), value=repr(value)) from None
    return value


def _section(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise _invalid(f"[{name}]", "table", "must be a table")
    for key in section:
        if key not in _SECTIONS[name]:
            raise _invalid(f"[{name}] {key}", "unknown_key", "unknown key")
    return section


def _getter(
    data: Mapping[str, Any], sections: Mapping[str, Mapping[str, Any]]
) -> Callable[[str, str, type, Any], Any]:
    def get(section: str, key: str, kind: type, default: Any) -> Any:
        table = sections[section] if section else data
        value = table.get(key, default)
        where = f"[{section}] {key}" if section else key
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise _type(where, kind, value)
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise _invalid(where, "strings", "must be a list of strings")
        return value

    return get


def _accounts(value: Any) -> tuple[AccountConfig, ...]:
    if value is None:
        return DEFAULT_ACCOUNTS
    if not isinstance(value, list) or not value:
        raise _invalid("accounts", "accounts", "must be a non-empty array of tables ([[accounts]])")
    accounts = []
    for n, table in enumerate(value, start=1):
        if not isinstance(table, dict) or not isinstance(table.get("code"), str):
            raise _invalid(
                f"accounts #{n}", "account_code", "code must be a string such as 'TJ'", n=n
            )
        unknown = set(table) - {"code", "name", "city"}
        if unknown:
            raise _invalid(f"accounts #{n} {sorted(unknown)[0]}", "unknown_key", "unknown key")
        code = table["code"].strip().upper()
        if not code.isalnum() or len(code) > 12:
            raise _invalid(
                f"accounts #{n} code", "account_code_chars",
                f"{code!r} must be 1-12 letters or digits", value=code,
            )  # fmt: skip
        accounts.append(
            AccountConfig(code, str(table.get("name", code)), str(table.get("city", "")))
        )
    codes = [a.code for a in accounts]
    if len(set(codes)) != len(codes):
        raise _invalid("accounts", "accounts_twice", "the same code appears twice")
    return tuple(accounts)


def _choice(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise _invalid(
            where, "choice", f"must be one of {', '.join(allowed)}, got {value!r}",
            allowed=", ".join(allowed), value=repr(value),
        )  # fmt: skip
    return value


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise _invalid("timezone", "timezone", f"unknown time zone {name!r}", value=name) from exc
    return name


def _between(value: float, low: float, high: float, where: str) -> float:
    if not low <= value <= high:
        raise _invalid(
            where, "between", f"must be between {low} and {high}, got {value}",
            low=_number(low), high=_number(high), value=_number(value),
        )  # fmt: skip
    return value


def _type(where: str, kind: type, value: object) -> ConfigError:
    """A value of the wrong TOML type; the sentence names the type in the user's language."""
    return _invalid(
        where, f"type_{kind.__name__}", f"must be {kind.__name__}, got {value!r}",
        value=repr(value),
    )  # fmt: skip


def _number(value: float) -> str:
    """1.0 as 1, 0.5 as 0.5: bounds and values as a person wrote them."""
    return f"{value:g}"


def _clue_format(fmt: str) -> str:
    if fmt == Config.clue_format:
        return fmt
    from storage.clues import validate_clue_format  # imports SQLAlchemy: only when needed

    try:
        validate_clue_format(fmt)
    except ClueFormatError as exc:
        raise _invalid(
            "[leads] clue_format", "clue_format", str(exc), value=fmt, detail=str(exc)
        ) from None
    return fmt


def _opt_path(base: Path, value: str) -> Path | None:
    return base / value if value else None
