"""Proposals: an operator proposes a script, variants or triggers; a team lead decides.

An approval applies the change through the versioned save in the very transaction that
marks the proposal decided: two leads approving at once apply it once, and a save that
fails leaves the proposal pending. Additions (variants, triggers) apply to the script's
current version, whatever changed since (adding is safe); a new script whose id has
since been taken is a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.library import mark_changed
from bot.desk.proposal_drafts import FIELDS, Draft, ProposalConflict, draft
from bot.desk.scripts import checked_data, save_in
from bot.errors import DeskError
from storage import accounts as account_store
from storage import proposals as proposal_store
from storage import scripts as script_store
from storage.proposals import ProposalRecord
from storage.records import OperatorRecord
from storage.scripts import ScriptRecord

REVIEWER_ROLES = ("lead", "admin")


class ProposalDecided(DeskError):
    """Someone decided the proposal already; nothing was changed."""


@dataclass(frozen=True)
class Proposal:
    """A proposal with the names (and handles) of who proposed and who decided it."""

    record: ProposalRecord
    proposer: str
    proposer_handle: str
    decider: str = ""


@dataclass(frozen=True)
class Decision:
    """A decided proposal and, for an approval, the script as saved."""

    proposal: Proposal
    script: ScriptRecord | None


def propose(
    desk: Desk,
    kind: str,
    *,
    actor: Actor,
    texts: Sequence[str],
    script_id: str | None = None,
    category: str | None = None,
    triggers: Sequence[str] = (),
) -> Proposal:
    """An operator proposes a new script, or variants or triggers for a script."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "propose", desk.floors)
        found = draft(session, desk, kind, texts=texts, script_id=script_id, category=category,
                      triggers=triggers)  # fmt: skip
        return store(session, desk, found, operator)


def store(session: Session, desk: Desk, found: Draft, operator: OperatorRecord) -> Proposal:
    """Store a checked draft as a pending proposal (in the caller's transaction)."""
    record = proposal_store.add_proposal(
        session, kind=found.kind, script_id=found.script_id or "", payload=found.payload,
        base_version=found.base_version, operator_id=operator.id, now=desk.now(),
    )  # fmt: skip
    if not found.script_id:
        named = f"{found.payload['category']}-p{record.id}".replace("_", "-")
        record = proposal_store.set_script_id(session, proposal_id=record.id, script_id=named)
    return Proposal(record, operator.display_name, operator.handle)


def pending(desk: Desk, *, actor: Actor) -> list[Proposal]:
    """The queue: every pending proposal, oldest first (team leads and admins)."""
    with desk.transaction() as session:
        access.require(session, actor, "review_proposals", desk.floors)
        return views(session, proposal_store.list_proposals(session))


ANNOUNCE_DAYS = 7  # an older pending proposal is not pushed (it waits in /pending)


def to_announce(desk: Desk) -> list[Proposal]:
    """Pending proposals of the last week made outside Telegram, for the scheduler to push.

    A Telegram proposer's submit tells the reviewers at once; one made in the terminal
    reaches them through the tick, whose claims push it once to each reviewer.
    """
    since = desk.now() - timedelta(days=ANNOUNCE_DAYS)
    with desk.transaction() as session:
        found = views(session, proposal_store.list_proposals(session))
    return [
        p for p in found
        if not p.proposer_handle.startswith("tg:") and p.record.created_at >= since
    ]  # fmt: skip


def views(session: Session, records: Sequence[ProposalRecord]) -> list[Proposal]:
    """Records with the names and handles of who proposed and decided them."""
    ids = [r.proposed_by for r in records] + [r.decided_by or 0 for r in records]
    names = account_store.operator_names(session, ids=ids)
    handles = proposal_store.handles_of(session, ids=ids)
    return [
        Proposal(r, names.get(r.proposed_by, "?"), handles.get(r.proposed_by, ""), who)
        for r, who in ((r, names.get(r.decided_by or 0, "")) for r in records)
    ]


def approve(desk: Desk, proposal_id: int, *, actor: Actor) -> Decision:
    """Apply a pending proposal and mark it approved, in one transaction (once only)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "review_proposals", desk.floors)
        decided = _decide(session, desk, proposal_id, "approved", operator)
        script = _apply(session, desk, decided, operator.id)
        return Decision(views(session, [decided])[0], script)


def reject(desk: Desk, proposal_id: int, *, actor: Actor, reason: str | None = None) -> Decision:
    """Mark a pending proposal rejected, with an optional reason."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "review_proposals", desk.floors)
        return reject_in(session, desk, proposal_id, operator, reason)


def reject_in(
    session: Session, desk: Desk, proposal_id: int, operator: OperatorRecord, reason: str | None
) -> Decision:
    """``reject`` inside the caller's transaction (the operator's role already checked)."""
    decided = _decide(session, desk, proposal_id, "rejected", operator, (reason or "").strip())
    return Decision(views(session, [decided])[0], None)


def _decide(
    session: Session,
    desk: Desk,
    proposal_id: int,
    state: str,
    operator: OperatorRecord,
    reason: str | None = None,
) -> ProposalRecord:
    decided = proposal_store.decide(
        session, proposal_id=proposal_id, state=state, operator_id=operator.id, now=desk.now(),
        reason=reason or None,
    )  # fmt: skip
    if decided is None:
        still_pending(session, proposal_id)  # raises: someone decided it first
        raise AssertionError(proposal_id)
    return decided


def still_pending(session: Session, proposal_id: int) -> ProposalRecord:
    """The proposal if it is pending; ProposalDecided (who, how) or NotFound otherwise."""
    record = proposal_store.get_proposal(session, proposal_id=proposal_id)
    if record.state != proposal_store.PENDING:
        raise ProposalDecided(
            f"proposal {proposal_id} was {record.state} already", f"proposal_{record.state}",
            id=proposal_id, who=views(session, [record])[0].decider,
        )  # fmt: skip
    return record


def _apply(
    session: Session, desk: Desk, proposal: ProposalRecord, operator_id: int
) -> ScriptRecord:
    script_id = proposal.script_id
    if proposal.kind == "script":
        if script_store.find_script(session, script_id=script_id) is not None:
            raise ProposalConflict(f"{script_id} exists", "proposal_script_exists", id=script_id)
        added = script_store.add_script(
            session, script_id=script_id, data=checked_data(desk, script_id, proposal.payload),
            source="team", operator_id=operator_id, now=desk.now(),
        )  # fmt: skip
        mark_changed(session)
        return added
    current = script_store.get_script(session, script_id=script_id)
    have = list(current.data[FIELDS[proposal.kind]])
    new = [t for t in proposal.payload["texts"] if t not in have]
    if not new:  # someone added the same texts meanwhile: approved, nothing to save
        return current
    checked = checked_data(desk, script_id, {**current.data, FIELDS[proposal.kind]: [*have, *new]})
    return save_in(session, desk, script_id, checked, version=current.version,
                   operator_id=operator_id)  # fmt: skip


def reviewers(desk: Desk, *, but: str | None = None) -> list[int]:
    """Telegram user ids of every team lead and admin (config lists and granted roles)."""
    floors = {h for h, role in desk.floors.items() if role in REVIEWER_ROLES}
    with desk.transaction() as session:
        stored = proposal_store.handles_with_roles(session, roles=REVIEWER_ROLES)
    handles = (floors | set(stored)) - {but}
    ids = {h.partition(":")[2] for h in handles if h and h.startswith("tg:")}
    return sorted(int(i) for i in ids if i.isdigit())
