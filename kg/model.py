"""Typed, immutable views of the records the facade returns.

References between records are slugs (``id``); the facade resolves them, so a view never
drags the whole graph along with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: "holds" and "fails" are premises (the argument requires the assumption to hold / to fail);
#: "argues-fails" is a conclusion and never feeds scenarios or underminings.
Direction = Literal["holds", "fails", "argues-fails"]
PREMISE_DIRECTIONS: tuple[Direction, ...] = ("holds", "fails")
Strength = Literal["necessary", "supporting"]
EvidenceKind = Literal["explicit", "interpreted"]
#: "predicted" is a forecast, not a documented case: left out of underminings by default.
Status = Literal["violated", "weakened", "holds", "predicted"]
Copy = Literal["primary", "secondary"]
ReviewOutcome = Literal["confirmed", "corrected"]
VerdictStatus = Literal["undermined", "weakened", "supported", "unaffected"]


@dataclass(frozen=True)
class Phase:
    id: str
    iri: str
    label: str
    comment: str
    order: int


@dataclass(frozen=True)
class Level:
    id: str
    iri: str
    label: str
    rank: int
    comment: str | None = None


@dataclass(frozen=True)
class Archetype:
    phase_id: str
    value: Level


@dataclass(frozen=True)
class LifecycleProperty:
    id: str
    iri: str
    label: str
    comment: str
    scale: str
    unit: str | None
    levels: tuple[Level, ...]
    archetypes: tuple[Archetype, ...]
    assumption_ids: tuple[str, ...]


@dataclass(frozen=True)
class Assumption:
    id: str
    iri: str
    label: str
    statement: str
    property_id: str
    phase_id: str | None
    expected_value: Level


@dataclass(frozen=True)
class Source:
    id: str
    iri: str
    title: str
    authors: tuple[str, ...]
    year: int
    url: str
    arxiv_id: str | None = None
    doi: str | None = None
    venue: str | None = None
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Review:
    """Who read a link, who checked it, and what they read."""

    curator: str | None = None
    created: str | None = None
    reviewer: str | None = None
    reviewed_on: str | None = None
    outcome: ReviewOutcome | None = None
    version_read: str | None = None
    copy: Copy | None = None


@dataclass(frozen=True)
class Dependency:
    assumption_id: str
    direction: Direction
    evidence: EvidenceKind
    locator: str
    rationale: str
    curator: str | None = None
    created: str | None = None
    strength: Strength | None = None
    group: str | None = None
    review: Review = field(default_factory=Review)

    @property
    def is_premise(self) -> bool:
        return self.direction in PREMISE_DIRECTIONS


@dataclass(frozen=True)
class PremiseGroup:
    """Premises a source offers together; ``any-of`` breaks only when every member breaks."""

    id: str
    combination: Literal["all-of", "any-of"]
    members: tuple[str, ...]


@dataclass(frozen=True)
class Argument:
    id: str
    iri: str
    title: str
    summary: str
    kind: str
    source: Source
    dependencies: tuple[Dependency, ...]
    responds_to: tuple[str, ...] = ()
    disputes: tuple[str, ...] = ()
    groups: tuple[PremiseGroup, ...] = ()

    def depends_on(self, assumption_id: str) -> Dependency | None:
        return next((d for d in self.dependencies if d.assumption_id == assumption_id), None)

    @property
    def premises(self) -> tuple[Dependency, ...]:
        return tuple(d for d in self.dependencies if d.is_premise)

    @property
    def conclusions(self) -> tuple[Dependency, ...]:
        return tuple(d for d in self.dependencies if not d.is_premise)


@dataclass(frozen=True)
class Observation:
    assumption_id: str
    status: Status
    evidence: EvidenceKind
    locator: str
    rationale: str
    review: Review = field(default_factory=Review)

    @property
    def is_forecast(self) -> bool:
        return self.status == "predicted"


@dataclass(frozen=True)
class NoDependency:
    """A work read for one assumption and found not to rely on it (makes recall measurable)."""

    source_id: str
    assumption_id: str
    rationale: str
    locator: str | None = None
    curator: str | None = None
    created: str | None = None


@dataclass(frozen=True)
class ExceptionCase:
    """A documented case that breaks an archetype (``Exception`` would shadow the builtin)."""

    id: str
    iri: str
    name: str
    summary: str
    kind: str
    year: int
    phase_ids: tuple[str, ...]
    source: Source
    observations: tuple[Observation, ...]
    illustrates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Undermining:
    """Exception ``exception_id`` shows ``assumption_id`` taking the value opposite to what
    argument ``argument_id`` needs."""

    exception_id: str
    argument_id: str
    assumption_id: str
    status: Status
    direction: Direction
    strength: Strength | None = None


@dataclass(frozen=True)
class Fact:
    assumption_id: str
    holds: bool


@dataclass(frozen=True)
class Verdict:
    argument_id: str
    status: VerdictStatus
    broken: tuple[str, ...] = ()
    supported_by: tuple[str, ...] = ()
    #: supporting premises (or members of an any-of group that still stands) that facts break
    weakened_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScenarioReport:
    facts: tuple[Fact, ...]
    verdicts: tuple[Verdict, ...] = field(repr=False)

    @property
    def undermined(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.status == "undermined")

    @property
    def weakened(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.status == "weakened")

    @property
    def supported(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.status == "supported")

    @property
    def unaffected(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.status == "unaffected")
