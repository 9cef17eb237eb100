"""Load and validate script library files (TOML) into an immutable Library.

A library file is a list of ``[[script]]`` tables; see README "Script library".
Everything is checked before anything is returned: one bad field anywhere and the
whole load fails with a message naming the file, the script id and the field.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from replies.categories import BUILTIN_CATEGORIES, Labels, category_label
from replies.errors import LibraryError, TemplateError
from replies.models import Script
from replies.render import validate_template
from replies.safety import SafetyRules
from replies.scriptcheck import comment_problem, synonym_fault

BUNDLED = Path(__file__).with_name("library")
MIN_TRIGGERS = 3
MIN_REPLIES = 3
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_CATEGORY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_ACCOUNT = re.compile(r"^[A-Z0-9]{1,12}$")
_FIELDS = {"id", "category", "accounts", "channel", "triggers", "replies", "hooks", "tags"}
_CHANNELS = ("dm", "comment", "both")
Fail = Callable[..., LibraryError]  # (field, English reason, code, **values)


@dataclass(frozen=True)
class Library:
    """An immutable, validated set of scripts."""

    scripts: tuple[Script, ...]
    labels: Labels = field(default_factory=dict)  # custom categories known without a script
    by_id: Mapping[str, Script] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {s.id: s for s in self.scripts})

    @cached_property  # read per learned example: computed once (the library never changes)
    def categories(self) -> tuple[str, ...]:
        """The ten built-in categories, then the labelled custom ones, then any other."""
        custom = (s.category for s in self.scripts if s.category not in BUILTIN_CATEGORIES)
        return (*BUILTIN_CATEGORIES, *dict.fromkeys([*self.labels, *custom]))

    def label(self, category: str, locale: str = "zh") -> str:
        """A category's name in the locale (a custom one's from the labels)."""
        return category_label(category, locale, self.labels)

    def for_account(self, account: str | None) -> tuple[Script, ...]:
        """Scripts that serve this account (every script when account is None)."""
        return tuple(s for s in self.scripts if s.serves(account, None))


def is_category_id(value: str) -> bool:
    """Whether a text is a well-formed category id (lowercase, digits, '_', at most 40)."""
    return bool(_CATEGORY.match(value))


def load_library(source: Path | Iterable[Path] | None = None) -> Library:
    """Load a file, a folder of *.toml files, or several paths; default: the bundled one."""
    paths = _expand(
        [BUNDLED] if source is None else [source] if isinstance(source, Path) else source
    )
    if not paths:
        raise LibraryError(f"no library files (*.toml) found in {source}")
    scripts: list[Script] = []
    origin: dict[str, str] = {}
    for path in paths:
        for script in load_file(path):
            if script.id in origin:
                raise LibraryError(
                    f'{path.name}: script "{script.id}": id already used in {origin[script.id]}'
                )
            origin[script.id] = path.name
            scripts.append(script)
    return Library(tuple(scripts))


def _expand(sources: Iterable[Path]) -> list[Path]:
    paths: list[Path] = []
    for source in sources:
        if source.is_dir():
            paths.extend(sorted(source.glob("*.toml")))
        elif source.is_file():
            paths.append(source)
        else:
            raise LibraryError(f"{source}: no such file or folder")
    return paths


def load_file(path: Path) -> list[Script]:
    """Parse and validate one library file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise LibraryError(
            f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise LibraryError(f"{path.name}: TOML syntax error: {exc}") from exc
    unknown = set(data) - {"script"}
    if unknown:
        raise LibraryError(f"{path.name}: unknown top-level key {sorted(unknown)[0]!r}")
    tables = data.get("script", [])
    if not isinstance(tables, list):
        raise LibraryError(f"{path.name}: 'script' must be an array of tables ([[script]])")
    return [parse_script(table, path.name, n) for n, table in enumerate(tables, start=1)]


def parse_script(
    table: Mapping[str, object],
    source: str,
    position: int = 1,
    *,
    rules: SafetyRules | None = None,
) -> Script:
    """Validate one script table (from a file or a database row) into a Script.

    With ``rules`` (saving, importing) a comment-channel script is also refused when a
    variant or hook carries a word the comment rules flag.
    """
    sid = table.get("id")
    where = f'{source}: script "{sid}"' if isinstance(sid, str) else f"{source}: script #{position}"

    def fail(name: str, reason: str, problem: str, **values: object) -> LibraryError:
        # The field and reason as values too: a spreadsheet import names row and column;
        # ``problem`` (a code) and its values let a front-end say the reason in its language.
        return LibraryError(
            f"{where}: {name} {reason}", "library_field", field=name, reason=reason,
            problem=problem, id=sid if isinstance(sid, str) else f"#{position}", **values,
        )  # fmt: skip

    if not isinstance(sid, str) or not _ID.match(sid):
        raise fail("id", "must be lowercase letters, digits, '-' or '_' (at most 64)", "id")
    unknown = set(table) - _FIELDS
    if unknown:
        raise fail(sorted(unknown)[0], "is not a known field", "unknown_field")
    category = table.get("category")
    if not isinstance(category, str) or not _CATEGORY.match(category):
        raise fail(
            "category", "must be a category id such as 'price' or 'first_inquiry'", "category"
        )
    channel = table.get("channel", "both")
    if channel not in _CHANNELS:
        raise fail("channel", "must be one of dm, comment, both", "channel")
    triggers = _texts(table, "triggers", MIN_TRIGGERS, fail)
    replies = _texts(table, "replies", MIN_REPLIES, fail)
    for n, reply in enumerate(replies, start=1):
        if fault := synonym_fault(reply):
            code, reason, values = fault
            raise fail(f"replies[{n}]", reason, code, **values)
        try:
            validate_template(reply)
        except TemplateError as exc:
            raise fail(
                f"replies[{n}]", f"is not a valid template: {exc}", "template", detail=str(exc)
            ) from exc
    script = Script(
        id=sid,
        category=category,
        triggers=triggers,
        replies=replies,
        accounts=_accounts(table.get("accounts", "all"), fail),
        channel=channel,  # type: ignore[arg-type]
        hooks=_texts(table, "hooks", 0, fail),
        tags=_texts(table, "tags", 0, fail),
        source=source,
    )
    if rules is not None:
        require_comment_safe(script, rules, where)
    return script


def require_comment_safe(script: Script, rules: SafetyRules, where: str = "") -> None:
    """LibraryError naming the field and word when a comment script carries a flagged word."""
    unsafe = comment_problem(script, rules)
    if unsafe:
        name, word = unsafe
        where = where or f'{script.source}: script "{script.id}"'
        reason = f"carries {word!r}, which comments must not (the platform hides them)"
        raise LibraryError(
            f"{where}: {name} {reason}", "comment_unsafe", field=name, reason=reason,
            id=script.id, word=word, problem="comment_unsafe",
        )  # fmt: skip


def _texts(table: Mapping[str, object], name: str, minimum: int, fail: Fail) -> tuple[str, ...]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(name, "must be a list of strings", "strings")
    texts = tuple(v.strip() for v in value)
    if any(not t for t in texts):
        raise fail(name, "must not contain empty strings", "empty_strings")
    if len(texts) < minimum:
        raise fail(
            name, f"must have at least {minimum} variants (has {len(texts)})", "min_variants",
            minimum=minimum, count=len(texts),
        )  # fmt: skip
    return texts


def _accounts(value: object, fail: Fail) -> tuple[str, ...] | None:
    if value == "all":
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise fail("accounts", 'must be "all" or a non-empty list of account codes', "accounts")
    codes = tuple(v.strip().upper() for v in value)
    bad = [c for c in codes if not _ACCOUNT.match(c)]
    if bad:
        raise fail(
            "accounts", f"has an invalid account code {bad[0]!r}", "account_code", value=bad[0]
        )
    return codes
