"""Moderators' writes in one place: drafts, direct changes, and the peer-review gate in front of both.

Handlers call one method per action and render the Outcome; whether a change goes live now or waits for
a second moderator (PRIVY_REQUIRE_REVIEW) is decided here, never in a handler.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from knowledge.curation import blocks as fact_form
from knowledge.curation import fair_share
from knowledge.model import Fact, english_hash, fact_as_pack_entry
from knowledge.packs import publishers
from knowledge.packs.format import (
    MAX_PACK_BYTES,
    Pack,
    PackError,
    Problem,
    check_fact,
    load_pack,
    parse_fact,
    parse_yaml,
)
from knowledge.scoped import Scoped
from knowledge.store.drafts import (
    APPROVED,
    DISCARDED,
    DRAFT,
    PACK_CHANGE,
    PENDING,
    PUBLISHED,
    REJECTED,
    Change,
    ChangeError,
    same_person,
)
from knowledge.store.facts import Author, ConflictError, ImportPlan

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class Outcome:
    """What a write did: the fact as it is now live, or the proposal now waiting for approval."""

    fact: Fact | None = None
    change: Change | None = None  # set when the change waits for a second moderator
    plan: ImportPlan | None = None
    rev: int | None = None

    @property
    def live(self) -> bool:
        return self.change is None


@dataclass(frozen=True)
class FieldChange:
    """One field a change would alter, with its current and proposed values."""

    field: str
    old: Any
    new: Any


@dataclass
class DraftState:
    """A draft and everything still wrong with it (empty when it can be published)."""

    change: Change
    problems: list[Problem] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problems


class Curator:
    """The write side of one scope of the fact base for its moderators: '' (the shared base, for the
    curators) or a server's own layer. Everything it reads or writes stays in that scope."""

    def __init__(
        self, view: Scoped, *, require_review: bool = False, require_registry: bool | None = None
    ) -> None:
        self.view = view
        self.scope = view.scope
        self.store = view.store
        self.changes = view.drafts
        self.require_review = require_review
        # Every write to the shared base cites registered publishers (knowledge/publishers.yaml); a server's
        # own layer may cite any https host, shown with its host. False only for generated benchmark packs.
        self.require_registry = not self.scope if require_registry is None else require_registry

    @property
    def shared(self) -> bool:
        """True for the curators of the shared base (the home server, the owner, the CLI)."""
        return self.view.shared

    # ---- drafts: /fact add and /fact edit ----------------------------------------------------------
    def start_add(
        self, author: Author, seed: dict[str, Any] | None = None, note: str | None = None
    ) -> Change:
        """A new draft, prefilled with today's date as verified (and `seed`, e.g. an unanswered question)."""
        raw: dict[str, Any] = {"verified": self.view.today().isoformat(), **(seed or {})}
        return self.changes.create("add", raw, author, base_rev=0, status=DRAFT, note=note)

    def start_edit(
        self, fact_id: str, author: Author, *, data: dict[str, Any] | None = None, base_rev: int | None = None
    ) -> Change:
        """A draft of an existing fact, remembering the revision the editor saw (the conflict guard).

        `data` and `base_rev` are what the editor's form was opened with; by default the fact as it is now.
        """
        fact, rev = self.store.get(fact_id)
        if data is None or base_rev is None:
            data, base_rev = fact_entry(fact), rev
        return self.changes.create("edit", data, author, base_rev=base_rev, status=DRAFT)

    def opened(self, fact_id: str) -> tuple[dict[str, Any], int]:
        """A fact's entry and revision as an edit form starts from them."""
        fact, rev = self.store.get(fact_id)
        return fact_entry(fact), rev

    def update_draft(self, change_id: int, author: Author, **blocks: str | None) -> DraftState:
        """Apply the main modal's blocks (fact_id, question, answer, coverage, dates) and re-check."""
        change = self._own_draft(change_id, author)
        if change.action != "add":
            blocks.pop("fact_id", None)  # an edit never renames a fact
        raw, _ = fact_form.apply_text(change.data, self.store.platforms(), **blocks)
        change = self.changes.update_data(change.id, raw)
        return DraftState(change, self.problems(change))

    def set_sources(self, change_id: int, author: Author, text: str) -> DraftState:
        change = self._own_draft(change_id, author)
        raw = fact_form.apply_sources(change.data, text)
        if self.require_registry:
            raw["sources"] = [publishers.with_registered_name(src) for src in raw["sources"]]
        change = self.changes.update_data(change.id, raw)
        return DraftState(change, self.problems(change))

    def set_lists(self, change_id: int, author: Author, *, steps: str, variants: str) -> DraftState:
        change = self._own_draft(change_id, author)
        raw = fact_form.apply_lists(change.data, steps=steps, variants=variants)
        return DraftState(
            self.changes.update_data(change.id, raw), self.problems(self.changes.get(change.id))
        )

    def draft(self, change_id: int, author: Author) -> DraftState:
        change = self._own_draft(change_id, author)
        return DraftState(change, self.problems(change))

    def problems(self, change: Change) -> list[Problem]:
        """Everything that stops this draft from being published, each naming its field."""
        known = self.store.platform_ids()
        data = fact_form.without_typed(change.data)
        problems = fact_form.typed_problems(change.data) + [
            Problem(
                p.where,
                p.field,
                f"unknown platform {change.data.get('platform')!r}; use one of "
                f"{', '.join(sorted(known))} (new platforms come in with a fact pack)",
            )
            if p.field == "platform"
            else p
            for p in check_fact(data, known, self.view.today())
        ]
        problems += self._source_problems(data)
        fid = change.data.get("id")
        if change.action == "add" and isinstance(fid, str) and self.store.exists(fid):
            problems.insert(0, Problem(fid, "id", "already exists; choose another id or edit that fact"))
        return problems

    def conflict(self, change: Change) -> ConflictError | None:
        """The conflict saving this edit would hit, if someone changed the fact since it was opened."""
        if change.action in ("add", "import") or not self.store.exists(change.fact_id):
            return None
        fact, rev = self.store.get(change.fact_id)
        if rev == change.base_rev:
            return None
        return ConflictError(fact, rev, self.store.history(change.fact_id)[-1].by_name)

    def rebase(self, change_id: int, author: Author) -> DraftState:
        """After a conflict, knowingly: keep this draft's text but base it on the current revision."""
        change = self._own_draft(change_id, author)
        _, rev = self.store.get(change.fact_id)
        self.changes.set_base(change.id, rev)
        return self.draft(change.id, author)

    def diff(self, change: Change) -> list[FieldChange]:
        """What a change alters compared with the fact as it is now (everything, for a new fact)."""
        old: dict[str, Any] = {}
        if change.action != "import" and self.store.exists(change.fact_id):
            old = fact_entry(self.store.get(change.fact_id)[0])
        new = fact_form.without_typed(change.data)
        keys = list(dict.fromkeys([*old, *new]))
        return [FieldChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]

    def publish(self, change_id: int, author: Author) -> Outcome:
        """Save a finished draft (add or edit), or propose it when peer review is on."""
        change = self._own_draft(change_id, author)
        problems = self.problems(change)
        if problems:
            raise PackError(problems)
        conflict = self.conflict(change)
        if conflict is not None:
            raise conflict
        if self.require_review:
            return Outcome(change=self.changes.set_status(change.id, PENDING))
        outcome = self._apply(change, author)
        self.changes.set_status(change.id, PUBLISHED, by=author)
        return outcome

    def discard(self, change_id: int, author: Author) -> Change:
        """Drop a draft (any moderator may, so abandoned drafts do not pile up); the row is kept."""
        change = self.changes.get(change_id)
        if change.status != DRAFT:
            raise ChangeError(f"change #{change_id} is {change.status}, not a draft")
        return self.changes.set_status(change_id, DISCARDED, by=author)

    # ---- one-step changes ---------------------------------------------------------------------
    def verify(self, fact_id: str, author: Author) -> Outcome:
        fact, rev = self.store.get(fact_id)
        if not self.shared and not self.store.is_own(fact_id):
            raise ChangeError(
                f"{fact_id} is one of Privy's shared facts: its curators verify it. Edit it to keep your "
                "own version in this server, or send them a correction with Suggest on its card."
            )
        entry = fact_entry(fact)
        entry["verified"] = self.view.today().isoformat()
        return self._submit("verify", entry, author, rev)

    def translate(self, fact_id: str, lang: str, prose: str, steps: str, author: Author) -> Outcome:
        """A moderator's translation of the fact's English as it is now (checked today, by them), one
        step a line; empty prose removes the language's translation. A new revision, like any change."""
        fact, rev = self.store.get(fact_id)
        if not self.shared and not self.store.is_own(fact_id):
            raise ChangeError(
                f"{fact_id} is one of Privy's shared facts: its curators translate it. Send them your "
                "translation with Suggest on its card, or edit it to keep your own version here."
            )
        entry = fact_entry(fact)
        translations = dict(entry.get("translations") or {})
        text = " ".join(prose.split())
        if text:
            lines = [line.strip() for line in steps.splitlines() if line.strip()]
            translations[lang] = {
                "prose": text,
                **({"steps": lines} if lines else {}),
                "by": author.name,
                "checked": self.view.today().isoformat(),
                "english": english_hash(fact.answer, fact.steps),
            }
        else:
            translations.pop(lang, None)
        entry.pop("translations", None)
        if translations:
            entry["translations"] = translations
        return self._submit("translate", entry, author, rev)

    def retire(self, fact_id: str, reason: str, author: Author) -> Outcome:
        fact, rev = self.store.get(fact_id)
        if not self.require_review:
            fact = self.store.retire(fact_id, reason, author, base_rev=rev)
            return self._done(fact)
        entry = fact_entry(fact)
        entry["retired"] = " ".join(reason.split())
        if not entry["retired"]:
            raise PackError([Problem(fact_id, "reason", "a reason is required to retire a fact")])
        return self._submit("retire", entry, author, rev)

    def revert(self, fact_id: str, rev: int, author: Author) -> Outcome:
        """A new revision equal to `rev` (nothing in between is lost)."""
        _, current = self.store.get(fact_id)
        return self._submit("revert", self.store.revert_data(fact_id, rev), author, current)

    # ---- packs --------------------------------------------------------------------------------------
    @property
    def max_pack_bytes(self) -> int:
        """The biggest pack this scope may import at a time: another server's fair share is smaller."""
        return MAX_PACK_BYTES if self.shared else fair_share.SERVER_IMPORT_BYTES

    def read_pack(self, text: str, *, require_registry: bool | None = None) -> tuple[Pack, ImportPlan]:
        """Validate a pack's text (every problem at once) and say what importing it would do.
        `require_registry`: check sources against the publisher registry (None: as this curator writes).
        Another server's pack is held to its fair share (knowledge.curation.fair_share)."""
        registry = self.require_registry if require_registry is None else require_registry
        if not self.shared:
            fair_share.check_import_size(text)
            fair_share.take_import_turn(self.store.db, self.scope)
        pack = load_pack(
            parse_yaml(text), self.store.platform_ids(), self.view.today(), require_registry=registry
        )
        if not self.shared:
            fair_share.check_import_facts(len(pack.facts))
        plan = self.store.plan_import(pack)
        if not self.shared and plan.platforms:
            raise PackError(
                [
                    Problem(
                        "pack", "platforms", f"{p!r} is new or renamed; platforms come from Privy's curators"
                    )
                    for p in plan.platforms
                ]
            )
        return pack, plan

    def import_text(
        self,
        text: str,
        name: str,
        author: Author,
        progress: Progress | None = None,
        *,
        plan: ImportPlan | None = None,
    ) -> Outcome:
        """Import a pack all or nothing, or propose it whole when peer review is on.

        `plan` is the one the moderator was shown (read_pack): if any of its facts changed since, the
        import is refused (PlanOutdated, naming them) instead of overwriting the newer edit.
        """
        pack, fresh = self.read_pack(text)
        planned = plan.revisions if plan is not None else None
        if self.require_review:  # the approval is checked against the base as the proposer saw it
            if planned is not None:
                self.store.check_planned(planned)
            data = {"pack": text, "name": name, "revisions": planned or fresh.revisions}
            change = self.changes.create(
                "import", data, author, base_rev=0, status=PENDING, fact_id=PACK_CHANGE, note=fresh.summary()
            )
            return Outcome(change=change, plan=fresh)
        return Outcome(plan=self.store.import_pack(pack, author, progress, planned=planned))

    # ---- suggestions to the curators ----------------------------------------------------------
    def suggest(self, fact_id: str, author: Author, server_name: str) -> Change:
        """Send this server's version of a fact (its own, or its correction of a shared one) to the
        curators: it waits in the home server's /review, credited to this server, until they decide."""
        if self.shared:
            raise ChangeError("the shared base's own changes need no suggestion; edit the fact instead")
        if not self.store.is_own(fact_id):
            raise ChangeError(
                f"{fact_id} is the shared fact as it stands; edit it here first, then suggest your version"
            )
        fair_share.check_suggestion(self.view.suggestions_sent)
        fact, _ = self.store.get(fact_id)
        entry = fact_entry(fact)
        entry.pop("retired", None)  # hiding a fact here is this server's choice, not a correction
        return self.view.suggest_to_curators(entry, author, server_name)

    # ---- peer review --------------------------------------------------------------------------
    def pending(self, limit: int = 25, offset: int = 0) -> list[Change]:
        """One page of the proposals waiting here: this scope's own first, then suggestions."""
        return self.changes.with_status(PENDING, limit, offset)

    def pending_count(self) -> int:
        return self.changes.count(PENDING)

    def drafts(self, limit: int = 25) -> list[Change]:
        return self.changes.with_status(DRAFT, limit)

    def sent(self, limit: int = 10) -> list[Change]:
        """This server's suggestions to the curators and what became of them (a reason, if declined)."""
        return self.view.sent_to_curators(limit)

    def approve(self, change_id: int, author: Author) -> Outcome:
        """Make a proposal live; the proposer cannot approve their own change. Conflicts raise."""
        change = self.changes.get(change_id)
        if change.status != PENDING:
            raise ChangeError(f"change #{change_id} is {change.status}; only pending changes can be approved")
        if same_person(change.by, author):
            raise ChangeError("you proposed this change; another moderator has to approve it")
        if change.suggested:
            # by name only: another server's member's Discord id has no place in the shared history
            note = f"suggested by {change.by.name} from the server {change.origin_name} (change #{change.id})"
        else:
            note = f"{change.action} proposed by {change.by} (change #{change.id})"
        outcome = self._apply(change, author, note=note)
        self.changes.set_status(change.id, APPROVED, by=author)
        return outcome

    def reject(self, change_id: int, author: Author, reason: str = "") -> Change:
        change = self.changes.get(change_id)
        if change.status != PENDING:
            raise ChangeError(f"change #{change_id} is {change.status}; only pending changes can be rejected")
        if change.suggested and not reason.strip():
            raise ChangeError("say why you decline it: the server that suggested it sees your reason")
        return self.changes.set_status(change.id, REJECTED, by=author, note=" ".join(reason.split()) or None)

    # ---- internals ----------------------------------------------------------------------------
    def _source_problems(self, entry: dict[str, Any]) -> list[Problem]:
        """A fact's sources against the registry (shared base), and listings cited as pages (any layer)."""
        facts = [entry]
        registry = publishers.default_registry() if self.require_registry else None
        found = publishers.source_problems(facts, registry) if registry else []
        return found + publishers.page_problems(facts)

    def _own_draft(self, change_id: int, author: Author) -> Change:
        change = self.changes.get(change_id)
        if change.status != DRAFT:
            raise ChangeError(f"change #{change_id} is {change.status}; it can no longer be edited")
        if not same_person(change.by, author):
            raise ChangeError(
                f"this draft is {change.by.name}'s; start a draft of your own to change the fact"
            )
        return change

    def _submit(self, action: str, entry: dict[str, Any], author: Author, base_rev: int) -> Outcome:
        change = Change(0, str(entry["id"]), base_rev, action, entry, author, "", DRAFT)
        problems = check_fact(entry, self.store.platform_ids(), self.view.today())
        if problems:
            raise PackError(problems)
        if self.require_review:
            return Outcome(
                change=self.changes.create(action, entry, author, base_rev=base_rev, status=PENDING)
            )
        return self._apply(change, author)

    def _apply(self, change: Change, author: Author, note: str | None = None) -> Outcome:
        """Write a change as a revision, guarded by the revision it was based on."""
        if change.action == "import":
            pack = load_pack(
                parse_yaml(change.data["pack"]),
                self.store.platform_ids(),
                self.view.today(),
                require_registry=self.require_registry,
            )
            planned = change.data.get("revisions")  # None in proposals made before plans kept revisions
            return Outcome(plan=self.store.import_pack(pack, author, note=note, planned=planned))
        action = "approve" if note else change.action
        if change.action != "retire":  # retiring a fact whose source went bad must stay possible
            problems = self._source_problems(fact_form.without_typed(change.data))
            if problems:  # a verify, a revert, or an approved proposal or server's suggestion
                raise PackError(problems)
        if change.is_new:
            fid = str(change.data.get("id"))
            if self.store.exists(fid):
                raise PackError([Problem(fid, "id", "already exists; choose another id or edit that fact")])
        fact = self.store.save(
            fact_form.without_typed(change.data),
            author,
            action=action,
            base_rev=change.base_rev,
            today=self.view.today(),
            note=note,
        )
        if change.note and change.is_new and not change.suggested:
            self.view.dismiss_unanswered(change.note)
        return self._done(fact)

    def _done(self, fact: Fact) -> Outcome:
        """A change went live: the flags users raised on the old text are dealt with."""
        self.view.clear_feedback(fact.id)
        _, rev = self.store.get(fact.id)
        return Outcome(fact=fact, rev=rev)


def fact_entry(fact: Fact) -> dict[str, Any]:
    """A fact's pack entry with dates as text, the way drafts are stored (JSON)."""
    return _as_text(fact_as_pack_entry(fact))


def _as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def draft_fact(change: Change) -> Fact | None:
    """The draft as a Fact for a preview (sources may still be missing), or None while it cannot be shown."""
    if change.action == "import":
        return None
    data = fact_form.without_typed(change.data)
    if any(not p.field.startswith("sources") for p in check_fact(data, None)):
        return None
    sources = [s for s in data.get("sources") or [] if isinstance(s, dict) and s.get("url")]
    raw = {**data, "sources": sources}
    try:
        return parse_fact(raw)
    except (KeyError, TypeError, ValueError):
        return None
