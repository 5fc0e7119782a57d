"""The Result of a count: an immutable record of every stage.

The screen, the PDF, the workbook and the CLI's text and JSON all render this one record and
never recompute anything. Values are `Decimal`s holding exactly the rule's figures (a count
works in scaled integers or fractions and converts when it records a stage).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from countdesk.errors import CountDeskError


class StageKind(Enum):
    FIRST_PREFERENCES = "first preferences"
    SURPLUS = "surplus"
    EXCLUSION = "exclusion"
    ELECTION = "election"  # places filled without a transfer (e.g. the last vacancies)
    ITERATION = "iteration"  # Meek: keep values recomputed


@dataclass(frozen=True)
class TieDecision:
    """How a tie was broken: by the rules (looking back or forwards) or by lot."""

    stage: str
    purpose: str  # "exclusion", "order of surpluses", "order of election", ...
    tied: tuple[str, ...]
    chosen: str
    method: str  # in words: "looking back to stage 2, …", "lot drawn in the hall", …
    drawn_by: str = ""
    seed: int | None = None  # the seed of a lot CountDesk drew

    def describe(self) -> str:
        who = f" (drawn by {self.drawn_by})" if self.drawn_by else ""
        return (
            f"Stage {self.stage}: {', '.join(self.tied)} tied for {self.purpose}; "
            f"{self.chosen} chosen by {self.method}{who}."
        )


@dataclass(frozen=True)
class Stage:
    number: str  # "1", "2", and "5.2" for ERS97's sub-stages
    kind: StageKind
    action: str  # what happened, in words
    quota: Decimal  # the quota in force at this stage
    totals: tuple[Decimal, ...]  # each candidate's vote at the end of the stage, by index
    transfers: tuple[Decimal, ...]  # the change this stage, by candidate index
    non_transferable: Decimal  # votes on exhausted papers, cumulative
    loss_by_fractions: Decimal  # cumulative
    subjects: tuple[str, ...] = ()  # whose surplus or papers moved
    elected: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # tie decisions and quota-rule actions, in words
    guarded: tuple[str, ...] = ()
    doomed: tuple[str, ...] = ()
    keep_values: tuple[Decimal, ...] = ()  # Meek: each candidate's keep value
    iterations: int = 0  # Meek: iterations this stage took


@dataclass(frozen=True)
class CountPart:
    """One count of several that make a result (separate counts: reserved places first,
    then the open places): its stages are ``first_stage`` to ``last_stage`` of the result."""

    label: str  # "Reserved places for Women", "Open places"
    seats: int
    candidates: tuple[str, ...]  # those standing in this count
    first_stage: str
    last_stage: str
    quota: Decimal
    elected: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    title: str
    rules: str  # the rule set's name, e.g. "Scottish STV (SSI 2007/42 as amended 2011)"
    rules_key: str  # the CLI name: "scottish", "wigm", "ers97", "meek", "meek-nz"
    parameters: tuple[tuple[str, str], ...]  # precision, quota, tolerance... in words
    candidates: tuple[str, ...]
    seats: int
    valid_votes: Decimal
    quota: Decimal  # the final quota
    elected: tuple[str, ...]  # in order of election
    excluded: tuple[str, ...]  # in order; those left over when the places filled come last
    left_over: tuple[str, ...]  # the continuing candidates not elected when the places filled
    stages: tuple[Stage, ...]
    ties: tuple[TieDecision, ...] = ()
    seed: int | None = None  # the seed of any lot drawn by the app
    notes: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()
    provisional: bool = False
    # The fingerprints (ballots_sha256, constraints_sha256) and the options counted under.
    extra: tuple[tuple[str, Any], ...] = field(default=())
    parts: tuple[CountPart, ...] = ()  # separate counts, in the order they were made

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form of COUNTING.md → "Outputs" (scripts rely on these keys)."""
        left = set(self.left_over)
        return {
            "title": self.title,
            "rules": {"name": self.rules, "key": self.rules_key,
                      "parameters": dict(self.parameters)},
            "provisional": self.provisional,
            "seats": self.seats,
            "candidates": list(self.candidates),
            "withdrawn": list(self.withdrawn),
            "valid_votes": figure(self.valid_votes),
            "quota": figure(self.quota),
            "elected": list(self.elected),
            "excluded": [
                {"name": name, "left_over": name in left} for name in self.excluded
            ],
            "stages": [_stage_json(stage, self.candidates) for stage in self.stages],
            "ties": [
                {"stage": t.stage, "purpose": t.purpose, "tied": list(t.tied),
                 "chosen": t.chosen, "method": t.method, "drawn_by": t.drawn_by,
                 **({} if t.seed is None else {"seed": t.seed})}
                for t in self.ties
            ],
            "seed": self.seed,
            "notes": list(self.notes),
            **({"parts": [_part_json(part) for part in self.parts]} if self.parts else {}),
            **dict(self.extra),
        }


RESULT_KEYS = frozenset({
    "title", "rules", "provisional", "seats", "candidates", "withdrawn", "valid_votes", "quota",
    "elected", "excluded", "stages", "ties", "seed", "notes", "parts",
})


def result_from_json(data: dict[str, Any]) -> Result:
    """A Result back from its JSON form, exactly (a count kept in an election file)."""
    try:
        candidates = tuple(data["candidates"])

        def by_candidate(values: dict[str, str]) -> tuple[Decimal, ...]:
            return tuple(Decimal(values[name]) for name in candidates)

        stages = tuple(Stage(
            number=s["stage"], kind=StageKind(s["kind"]), action=s["action"],
            quota=Decimal(s["quota"]), totals=by_candidate(s["totals"]),
            transfers=by_candidate(s["transfers"]),
            non_transferable=Decimal(s["non_transferable"]),
            loss_by_fractions=Decimal(s["loss_by_fractions"]), subjects=tuple(s["subjects"]),
            elected=tuple(s["elected"]), excluded=tuple(s["excluded"]), notes=tuple(s["notes"]),
            guarded=tuple(s.get("guarded", ())), doomed=tuple(s.get("doomed", ())),
            keep_values=by_candidate(s["keep_values"]) if "keep_values" in s else (),
            iterations=s.get("iterations", 0)) for s in data["stages"])
        return Result(
            title=data["title"], rules=data["rules"]["name"], rules_key=data["rules"]["key"],
            parameters=tuple(data["rules"]["parameters"].items()), candidates=candidates,
            seats=data["seats"], valid_votes=Decimal(data["valid_votes"]),
            quota=Decimal(data["quota"]), elected=tuple(data["elected"]),
            excluded=tuple(e["name"] for e in data["excluded"]),
            left_over=tuple(e["name"] for e in data["excluded"] if e["left_over"]),
            stages=stages,
            ties=tuple(TieDecision(t["stage"], t["purpose"], tuple(t["tied"]), t["chosen"],
                                   t["method"], t.get("drawn_by", ""), t.get("seed"))
                       for t in data["ties"]),
            seed=data["seed"], notes=tuple(data["notes"]), withdrawn=tuple(data["withdrawn"]),
            provisional=data["provisional"],
            extra=tuple((key, value) for key, value in data.items() if key not in RESULT_KEYS),
            parts=tuple(CountPart(p["label"], p["seats"], tuple(p["candidates"]),
                                  p["first_stage"], p["last_stage"], Decimal(p["quota"]),
                                  tuple(p["elected"])) for p in data.get("parts", ())))
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise CountDeskError(f"a count's result cannot be read back ({error!r})") from None


def figure(value: Decimal) -> str:
    """A decimal with all its places, never in exponent form ("0.000000000", not "0E-9")."""
    return format(value, "f")


def _part_json(part: CountPart) -> dict[str, Any]:
    return {"label": part.label, "seats": part.seats, "candidates": list(part.candidates),
            "first_stage": part.first_stage, "last_stage": part.last_stage,
            "quota": figure(part.quota), "elected": list(part.elected)}


def _stage_json(stage: Stage, candidates: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "stage": stage.number,
        "kind": stage.kind.value,
        "action": stage.action,
        "subjects": list(stage.subjects),
        "quota": figure(stage.quota),
        "totals": {name: figure(v) for name, v in zip(candidates, stage.totals, strict=True)},
        "transfers": {name: figure(v)
                      for name, v in zip(candidates, stage.transfers, strict=True)},
        "non_transferable": figure(stage.non_transferable),
        "loss_by_fractions": figure(stage.loss_by_fractions),
        "elected": list(stage.elected),
        "excluded": list(stage.excluded),
        "notes": list(stage.notes),
    }
    if stage.guarded or stage.doomed:
        data["guarded"] = list(stage.guarded)
        data["doomed"] = list(stage.doomed)
    if stage.keep_values:
        data["keep_values"] = {
            name: figure(v) for name, v in zip(candidates, stage.keep_values, strict=True)
        }
        data["iterations"] = stage.iterations
    return data
