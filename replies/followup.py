"""Which re-activation script answers a customer who went quiet, by their situation."""

from __future__ import annotations

import random

from replies.engine import SITUATION_TAGS
from replies.library import Library
from replies.models import Script

# The library tag of each situation's scripts; the engine's own table, plus hesitating
# (犹豫), which a reply to an inquiry finds by its words but a reminder has none of.
FOLLOWUP_TAGS = {**SITUATION_TAGS, "hesitating": "犹豫"}
FALLBACK = "silent"  # every situation without scripts of its own gets the silent ones


def reactivation_script(
    library: Library, account: str | None, situation: str, rng: random.Random
) -> Script | None:
    """A re-activation script for the situation serving the account in DMs (varied by rng)."""
    serving = [
        s for s in library.for_account(account)
        if s.category == "reactivation" and s.serves(account, "dm")
    ]  # fmt: skip
    for wanted in (situation, FALLBACK):
        tagged = [s for s in serving if FOLLOWUP_TAGS.get(wanted) in s.tags]
        if tagged:
            return rng.choice(tagged)
    return rng.choice(serving) if serving else None
