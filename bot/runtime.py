"""Build the long-lived services from the configuration, once per process."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.config import Config
from replies.models import Account, Example

if TYPE_CHECKING:
    from replies.engine import Engine
    from replies.library import Library


def build_engine(
    config: Config,
    *,
    warm: bool = True,
    library: Library | None = None,
    examples: Iterable[Example] | None = None,
) -> Engine:
    """The reply engine over a library (default: the configured or bundled files) and rules.

    With ``warm`` every configured account's model is trained here, at start, rather
    than on its first inquiry; evaluation, which trains its own, passes False. A desk
    passes the database's library; `match` and `eval` keep reading the files. The
    engine's own examples are ``examples``, by default the bundled starter examples
    unless ``[matching] starter_examples`` is false (the database's come on top).
    """
    # Imported here: a process that never matches (leads, summaries) never loads them.
    from replies import safety
    from replies.engine import Engine
    from replies.library import load_library
    from replies.modelcache import ModelCache
    from replies.starter import starter_examples

    if library is None:
        library = load_library(config.library_paths or None)
    if examples is None:
        examples = starter_examples() if config.starter_examples else ()
    known = set(library.categories)  # a team's library may lack a starter category
    folder = config.model_folder()
    engine = Engine(
        library,
        rules=safety.load_rules(config.safety_rules),
        threshold=config.threshold,
        suggestions=config.suggestions,
        memory=config.rotation_memory,
        examples=[e for e in examples if e.category in known],
        cache=None if folder is None else ModelCache(folder),
    )
    if warm:
        engine.warm(a.code for a in config.accounts)
    return engine


def account_of(config: Config, code: str | None) -> Account:
    """The engine's view of a configured account (the default one when code is None)."""
    found = config.account(code or config.default_account)
    return Account(found.code, found.name, found.city)
