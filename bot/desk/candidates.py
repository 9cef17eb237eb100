"""Candidate triggers: operators' corrections a team lead can make triggers with one tap.

A learned example is a candidate of its category while its normalised text is not yet
a trigger of any active script of that category. Promoting adds its text to a script
of that category (by default the one serving its account with the most triggers)
through the versioned save.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.examples import resolve_category
from bot.desk.proposal_drafts import known_library
from bot.desk.scripts import checked_data, save_in
from bot.errors import UsageError
from replies.classifier import model_text
from storage import examples as example_store
from storage import scripts as script_store
from storage.records import ExampleRecord
from storage.scripts import ScriptRecord


@dataclass(frozen=True)
class Candidate:
    """A learned example not yet a trigger, and the scripts it could join (default first)."""

    example: ExampleRecord
    choices: tuple[str, ...]

    @property
    def script_id(self) -> str | None:
        """The default script: the category's one with most triggers (None: no script)."""
        return self.choices[0] if self.choices else None


def candidates(desk: Desk, *, actor: Actor, category: str | None = None) -> list[Candidate]:
    """Every category's candidate triggers (of one category when given), oldest first."""
    with desk.transaction() as session:
        access.require(session, actor, "edit_scripts", desk.floors)
        chosen = resolve_category(known_library(session, desk), category) if category else None
        scripts = script_store.list_scripts(session, category=chosen)
        examples = example_store.list_examples(session, category=chosen)
    known = {(s.data["category"], model_text(t)) for s in scripts for t in s.data["triggers"]}
    found: list[Candidate] = []
    for example in examples:
        key = (example.category, example.normalized)
        if key in known or not example.normalized:
            continue
        known.add(key)  # the same text corrected twice is one candidate
        found.append(Candidate(example, _choices(scripts, example)))
    return found


def _choices(scripts: list[ScriptRecord], example: ExampleRecord) -> tuple[str, ...]:
    fitting = [s for s in scripts if s.data["category"] == example.category and _serves(s, example)]
    fitting.sort(key=lambda s: (-len(s.data["triggers"]), s.id))
    return tuple(s.id for s in fitting)


def _serves(script: ScriptRecord, example: ExampleRecord) -> bool:
    accounts = script.data["accounts"]
    return accounts is None or example.account_code is None or example.account_code in accounts


def promote(
    desk: Desk, example_id: int, *, actor: Actor, script_id: str | None = None
) -> ScriptRecord:
    """Add a learned example's text as a trigger of a script of its category (a new version)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "edit_scripts", desk.floors)
        example = example_store.get_example(session, example_id=example_id)
        if example.removed_at is not None:
            raise UsageError(f"example {example_id} was removed", "promote_removed", id=example_id)
        if script_id is None:
            scripts = script_store.list_scripts(session, category=example.category)
            script_id = next(iter(_choices(scripts, example)), None)
            if script_id is None:
                raise UsageError("no script", "promote_no_script", category=example.category)
        current = script_store.get_script(session, script_id=script_id)
        if current.data["category"] != example.category:
            raise UsageError(
                f"{script_id} is not of {example.category}", "promote_other_category",
                id=script_id, category=example.category,
            )  # fmt: skip
        triggers = list(current.data["triggers"])
        if example.normalized in {model_text(t) for t in triggers}:
            raise UsageError("already a trigger", "promote_known", id=script_id)
        checked = checked_data(
            desk, script_id, {**current.data, "triggers": [*triggers, example.text]}
        )
        return save_in(session, desk, script_id, checked, version=current.version,
                       operator_id=operator.id)  # fmt: skip
