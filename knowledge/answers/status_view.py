"""The per-region status of one platform on a day (`bot.py status`, `/privy status`): computed from claims
by knowledge.answers.regional, as plain data and as text; Discord lays out the same rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from knowledge.answers.regional import RegionRow
from knowledge.answers.text import nice_date, source_host
from knowledge.i18n.speaking import N_, _

# English msgids (N_), in the reader's language where they are used (knowledge.i18n)
TRAINING_WORDS = {
    "yes": N_("trains"),
    "no": N_("does not train"),
    "paused": N_("paused"),
    "not_yet": N_("not yet"),
    "opt_in": N_("only with consent"),
}
OPT_OUT_WORDS = {
    "setting": N_("a setting"),
    "form": N_("a form"),
    "email": N_("by email"),
    "none": N_("no opt-out"),
    "not_needed": N_("nothing to opt out of"),
}
NO_ROWS = N_(
    "No fact about {name} states its claims yet, so there is no per-region view; ask a question instead."
)


@dataclass
class StatusView:
    """One platform's rows on a day."""

    platform: str
    name: str
    as_of: date
    rows: list[RegionRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The shape of `status --json`."""
        return {
            "platform": self.platform,
            "as_of": self.as_of.isoformat(),
            "rows": [r.to_dict() for r in self.rows],
        }


def row_cells(row: RegionRow) -> dict[str, str]:
    """A row's cells in words: training, opt-out, since, deadline, source."""
    t = row.training.claim if row.training else None
    o = row.opt_out.claim if row.opt_out else None
    training = _(TRAINING_WORDS.get(t.training or "", "—")) if t else "—"
    said = "; ".join(part for part in (", ".join(t.data), t.who or "") if part) if t else ""
    if said:  # "trains (inputs, outputs; Copilot Free, Pro, Pro+ and Max)": what, and for whom
        training += f" ({said})"
    opt_out = _(OPT_OUT_WORDS.get(o.opt_out or "", "—")) if o else "—"
    if o and o.who and o.who != (t.who if t else None):
        opt_out += f" ({o.who})"  # a way out for others than those trained on: "a form (website publishers)"
    source = row.source
    return {
        "training": training,
        "opt_out": opt_out,
        "since": nice_date(row.since) if row.since else "—",
        "deadline": nice_date(row.deadline) if row.deadline else "—",
        "source": source.url if source else "—",
        "source_host": source_host(source.url) if source else "—",
    }


def status_text(view: StatusView) -> str:
    """The view as plain text, one line a group of regions."""
    if not view.rows:
        return _(NO_ROWS).format(name=view.name)
    out = [f"{view.name}: AI training by region, as of {nice_date(view.as_of)}"]
    for row in view.rows:
        c = row_cells(row)
        since = "" if c["since"] == "—" else f" since {c['since']}"
        deadline = "" if c["deadline"] == "—" else f" (by {c['deadline']} to cover past data)"
        out.append(
            f"- {row.label}: AI training: {c['training']}{since}; way out: {c['opt_out']}{deadline};"
            f" source {c['source']}"
        )
    return "\n".join(out)
