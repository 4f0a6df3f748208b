"""Thin GraphQL types over the immutable records of ``kg.model``.

Each type keeps the record it wraps (``_r``) and reads its fields from it; cross-record links
go through the per-request :class:`api.context.Context`, never through the store directly.
Descriptions follow the ontology's ``rdfs:comment`` where it has one.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from api.context import Context
from api.provenance import ReviewType
from kg import model as m

# ---------------------------------------------------------------------------- enums


@strawberry.enum(description="The role an assumption plays in an argument. Changed in v2: the "
                 "v1 value FAILS mixed premises and conclusions; REQUIRES_FAILS is the premise "
                 "and ARGUES_FAILS the conclusion. HOLDS and FAILS are still accepted as "
                 "arguments (deprecated) and mean REQUIRES_HOLDS and REQUIRES_FAILS.")
class Direction(Enum):
    REQUIRES_HOLDS = strawberry.enum_value(
        "holds", description="A premise: the argument needs the assumption to be true.")
    REQUIRES_FAILS = strawberry.enum_value(
        "fails", description="A premise: the argument needs the assumption to be false.")
    ARGUES_FAILS = strawberry.enum_value(
        "argues-fails", description="A conclusion, not a premise: the argument concludes that "
        "the assumption does not hold. Never counted in scenarios or underminings.")
    HOLDS = strawberry.enum_value(
        "v1-holds", description="v1 name of REQUIRES_HOLDS (accepted as an argument only).",
        deprecation_reason="Use REQUIRES_HOLDS.")
    FAILS = strawberry.enum_value(
        "v1-fails", description="v1 name, now REQUIRES_FAILS (accepted as an argument only).",
        deprecation_reason="Use REQUIRES_FAILS (premise) or ARGUES_FAILS (conclusion).")


def direction_arg(d: Direction) -> str:
    """The facade's direction for an enum value given as an argument (v1 names mapped)."""
    value = str(d.value)
    return {"v1-holds": "holds", "v1-fails": "fails"}.get(value, value)


@strawberry.enum(description="For a premise: whether the argument falls without it or is only "
                 "weakened.")
class Strength(Enum):
    NECESSARY = strawberry.enum_value(
        "necessary", description="The argument falls if the premise is broken (unless it is one "
        "of several alternatives in an any-of group).")
    SUPPORTING = strawberry.enum_value(
        "supporting", description="The premise strengthens the argument, which survives without "
        "it.")


@strawberry.enum(description="How strongly a link is grounded: stated explicitly in the source, "
                 "or the curator's reading of it.")
class Evidence(Enum):
    EXPLICIT = strawberry.enum_value("explicit", description="The source states the link itself.")
    INTERPRETED = strawberry.enum_value(
        "interpreted", description="The link is the curator's reading of the source, not stated "
        "in it: weaker evidence.")


@strawberry.enum(description="What an exception shows about an assumption.")
class ObservationStatus(Enum):
    VIOLATED = strawberry.enum_value(
        "violated", description="The case shows the assumption false in its setting.")
    WEAKENED = strawberry.enum_value(
        "weakened", description="The case shows the assumption holding only partly, or only as "
        "a varying rate.")
    HOLDS = strawberry.enum_value(
        "holds", description="The case shows the assumption true in its setting.")
    PREDICTED = strawberry.enum_value(
        "predicted", description="A forecast that the assumption will fail, not a documented "
        "case: left out of underminings unless `includeForecasts` is set.")


@strawberry.enum(description="The kind of values an axis takes.")
class Scale(Enum):
    BINARY = strawberry.enum_value(
        "binary", description="Two levels: the property holds or it does not.")
    ORDINAL = strawberry.enum_value(
        "ordinal", description="Ordered levels with no meaningful distance between them.")
    RATE = strawberry.enum_value(
        "rate", description="A continuous quantity (a rate or a ratio); levels are ordered "
        "bands of it.")


@strawberry.enum(description="What a scenario does to one argument.")
class VerdictStatus(Enum):
    UNDERMINED = strawberry.enum_value(
        "undermined", description="Facts break a necessary premise (or every member of an "
        "any-of group).")
    WEAKENED = strawberry.enum_value(
        "weakened", description="Facts break only supporting premises, or some alternatives of "
        "an any-of group while another still stands.")
    SUPPORTED = strawberry.enum_value(
        "supported", description="Facts agree with some of the argument's needs and contradict "
        "none.")
    UNAFFECTED = strawberry.enum_value(
        "unaffected", description="No fact bears on the argument's assumptions.")


def opt(value: Any) -> Any:
    """An optional argument's value, with "not given" (UNSET) as None."""
    return None if value is strawberry.UNSET else value


def _ctx(info: Info) -> Context:
    return info.context


# ---------------------------------------------------------------------------- node


@strawberry.interface(description="Any record of the graph, addressable by its slug or its IRI "
                      "through `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="The record's slug, e.g. `sandboxed-in-training`: stable and unique.")
    iri: str = strawberry.field(description="The record's full IRI.")


# ---------------------------------------------------------------------------- phases and axes


@strawberry.type(name="Phase", description="A stage in the life of a model, such as training, "
                 "evaluation or deployment. Phases bundle lifecycle properties whose values are "
                 "only typically correlated.")
class PhaseType(Node):
    _r: strawberry.Private[m.Phase]

    @strawberry.field(description="Human-readable name of the phase.")
    def label(self) -> str:
        return self._r.label

    @strawberry.field(description="What the phase covers.")
    def comment(self) -> str:
        return self._r.comment

    @strawberry.field(description="Position of the phase in the usual lifecycle.")
    def order(self) -> int:
        return self._r.order

    @strawberry.field(description="Assumptions about this phase.")
    def assumptions(self, info: Info) -> list[AssumptionType]:
        return [AssumptionType.of(a) for a in _ctx(info).kg.assumptions(phase=self._r.id)]

    @strawberry.field(description="Exceptions documented in this phase.")
    def exceptions(self, info: Info) -> list[ExceptionType]:
        return [ExceptionType.of(e) for e in _ctx(info).kg.exceptions_in_phase(self._r.id)]

    @classmethod
    def of(cls, r: m.Phase) -> PhaseType:
        return cls(id=strawberry.ID(r.id), iri=r.iri, _r=r)


@strawberry.type(name="Level", description="One value (or band of values) on an axis. Levels of "
                 "an axis are ordered by rank.")
class LevelType(Node):
    _r: strawberry.Private[m.Level]

    @strawberry.field(description="Human-readable name of the level.")
    def label(self) -> str:
        return self._r.label

    @strawberry.field(description="Position of the level on its axis; higher means more of the "
                      "quantity.")
    def rank(self) -> int:
        return self._r.rank

    @strawberry.field(description="What the level means, where the curators said.")
    def comment(self) -> str | None:
        return self._r.comment

    @classmethod
    def of(cls, r: m.Level) -> LevelType:
        return cls(id=strawberry.ID(r.id), iri=r.iri, _r=r)


@strawberry.type(name="Archetype", description="The value an axis typically takes in one phase "
                 "under the usual training/deployment view. Real settings can sit anywhere on "
                 "the axis; exceptions record where they do.")
class ArchetypeType:
    _r: strawberry.Private[m.Archetype]

    @strawberry.field(description="The phase this typical value is for.")
    def phase(self, info: Info) -> PhaseType:
        return PhaseType.of(_ctx(info).kg.phase(self._r.phase_id))

    @strawberry.field(description="The level the axis takes in that phase.")
    def value(self) -> LevelType:
        return LevelType.of(self._r.value)


@strawberry.type(name="LifecycleProperty", description="An axis along which training and "
                 "deployment differ, e.g. how fast parameters change or how costly a failure "
                 "is. Each axis has a scale and a typical (archetype) value per phase.")
class LifecyclePropertyType(Node):
    _r: strawberry.Private[m.LifecycleProperty]

    @strawberry.field(description="Human-readable name of the axis.")
    def label(self) -> str:
        return self._r.label

    @strawberry.field(description="What the axis measures.")
    def comment(self) -> str:
        return self._r.comment

    @strawberry.field(description="The kind of values the axis takes.")
    def scale(self) -> Scale:
        return Scale(self._r.scale)

    @strawberry.field(description="For a rate axis, the quantity that is measured.")
    def unit(self) -> str | None:
        return self._r.unit

    @strawberry.field(description="The axis's levels, ordered by rank.")
    def levels(self) -> list[LevelType]:
        return [LevelType.of(lv) for lv in self._r.levels]

    @strawberry.field(description="The axis's typical value in each phase, in lifecycle order.")
    def archetypes(self) -> list[ArchetypeType]:
        return [ArchetypeType(_r=a) for a in self._r.archetypes]

    @strawberry.field(description="Assumptions that are propositions about this axis.")
    def assumptions(self, info: Info) -> list[AssumptionType]:
        kg = _ctx(info).kg
        return [AssumptionType.of(kg.assumption(a)) for a in self._r.assumption_ids]

    @classmethod
    def of(cls, r: m.LifecycleProperty) -> LifecyclePropertyType:
        return cls(id=strawberry.ID(r.id), iri=r.iri, _r=r)


@strawberry.type(name="Assumption", description="A proposition about one axis, usually in one "
                 "phase, with an expected value (e.g. the model is sandboxed during training). "
                 "Arguments depend on assumptions holding or failing.")
class AssumptionType(Node):
    _r: strawberry.Private[m.Assumption]

    @strawberry.field(description="Short human-readable name of the assumption.")
    def label(self) -> str:
        return self._r.label

    @strawberry.field(description="The assumption phrased as a proposition.")
    def statement(self) -> str:
        return self._r.statement

    @strawberry.field(description="The axis the assumption is a proposition about.")
    def property(self, info: Info) -> LifecyclePropertyType:
        return LifecyclePropertyType.of(_ctx(info).kg.property(self._r.property_id))

    @strawberry.field(description="The phase the assumption is about, if it is about one.")
    def phase(self, info: Info) -> PhaseType | None:
        pid = self._r.phase_id
        return PhaseType.of(_ctx(info).kg.phase(pid)) if pid else None

    @strawberry.field(description="The level the axis takes if the assumption holds.")
    def expected_value(self) -> LevelType:
        return LevelType.of(self._r.expected_value)

    @strawberry.field(description="Arguments with this assumption as a premise (either way); "
                      "with `direction`, only premises that require it to hold or to fail, or "
                      "(ARGUES_FAILS) arguments that conclude it fails.")
    def arguments(
        self, info: Info, direction: Direction | None = strawberry.UNSET
    ) -> list[ArgumentType]:
        direction = opt(direction)
        return [ArgumentType.of(a) for a in _ctx(info).kg.arguments_assuming(
            self._r.id, direction_arg(direction) if direction is not None else None)]

    @strawberry.field(description="Exceptions documenting this assumption; with `status`, only "
                      "observations with that status. Forecasts only with `includeForecasts` "
                      "or `status: PREDICTED`.")
    def exceptions(
        self, info: Info, status: ObservationStatus | None = strawberry.UNSET,
        include_forecasts: bool = False,
    ) -> list[ExceptionType]:
        status = opt(status)
        return [ExceptionType.of(e) for e in _ctx(info).kg.exceptions_observing(
            self._r.id, status.value if status is not None else None, include_forecasts)]

    @classmethod
    def of(cls, r: m.Assumption) -> AssumptionType:
        return cls(id=strawberry.ID(r.id), iri=r.iri, _r=r)


# ---------------------------------------------------------------------------- sources


@strawberry.type(name="Source", description="A published work (paper, post, report, "
                 "announcement) that states an argument or documents an exception.")
class SourceType(Node):
    _r: strawberry.Private[m.Source]

    @strawberry.field(description="Title of the work.")
    def title(self) -> str:
        return self._r.title

    @strawberry.field(description="Authors in citation order (an organisation where the work "
                      "names no people).")
    def authors(self) -> list[str]:
        return list(self._r.authors)

    @strawberry.field(description="Year of publication.")
    def year(self) -> int:
        return self._r.year

    @strawberry.field(description="Where to read the work.")
    def url(self) -> str:
        return self._r.url

    @strawberry.field(description="The arXiv identifier, without version, where the work has "
                      "one.")
    def arxiv_id(self) -> str | None:
        return self._r.arxiv_id

    @strawberry.field(description="The DOI, where the work has one.")
    def doi(self) -> str | None:
        return self._r.doi

    @strawberry.field(description="Where the work appeared (journal, conference, forum, blog).")
    def venue(self) -> str | None:
        return self._r.venue

    @strawberry.field(description="Further links about the work (summaries, discussions).")
    def see_also(self) -> list[str]:
        return list(self._r.see_also)

    @strawberry.field(description="Arguments this work states.")
    def arguments(self, info: Info) -> list[ArgumentType]:
        return [ArgumentType.of(a) for a in _ctx(info).kg.arguments_citing(self._r.id)]

    @strawberry.field(description="Exceptions this work documents.")
    def exceptions(self, info: Info) -> list[ExceptionType]:
        return [ExceptionType.of(e) for e in _ctx(info).kg.exceptions_citing(self._r.id)]

    @classmethod
    def of(cls, r: m.Source) -> SourceType:
        return cls(id=strawberry.ID(r.id), iri=r.iri, _r=r)


# ---------------------------------------------------------------------------- arguments


@strawberry.type(name="Dependency", description="A sourced link from an argument to an "
                 "assumption: a premise that must hold, a premise that must fail, or a "
                 "conclusion that it fails; with strength, evidence, where in the source it is "
                 "stated, why, and who read and reviewed it.")
class DependencyType:
    _r: strawberry.Private[m.Dependency]

    @strawberry.field(description="The assumption the argument relies on.")
    def assumption(self, info: Info) -> AssumptionType:
        return AssumptionType.of(_ctx(info).kg.assumption(self._r.assumption_id))

    @strawberry.field(description="Premise that must hold, premise that must fail, or "
                      "conclusion that it fails.")
    def direction(self) -> Direction:
        return Direction(self._r.direction)

    @strawberry.field(description="Whether this link is a premise (false for a conclusion).")
    def is_premise(self) -> bool:
        return self._r.is_premise

    @strawberry.field(description="For a premise: necessary or supporting (null for a "
                      "conclusion).")
    def strength(self) -> Strength | None:
        return Strength(self._r.strength) if self._r.strength else None

    @strawberry.field(description="The premise group (alternatives the source offers), if any.")
    def group(self) -> str | None:
        return self._r.group

    @strawberry.field(description="Who recorded and reviewed the link, and what they read.")
    def review(self) -> ReviewType:
        return ReviewType(_r=self._r.review)

    @strawberry.field(description="Whether the link is explicit in the source or the curator's "
                      "reading.")
    def evidence(self) -> Evidence:
        return Evidence(self._r.evidence)

    @strawberry.field(description="Where in the source the link is stated: a section name or "
                      "heading.")
    def locator(self) -> str:
        return self._r.locator

    @strawberry.field(description="One sentence in the curator's own words on why the link "
                      "holds.")
    def rationale(self) -> str:
        return self._r.rationale

    @strawberry.field(description="Who curated the link and answers for it.")
    def curator(self) -> str | None:
        return self._r.curator

    @strawberry.field(description="When the link was curated (ISO date).")
    def created(self) -> str | None:
        return self._r.created


@strawberry.type(name="Argument", description="A published AI-safety argument, claim, "
                 "proposal, policy or empirical result whose force depends on lifecycle "
                 "properties.")
class ArgumentType(Node):
    _r: strawberry.Private[m.Argument]

    @strawberry.field(description="Short title of the argument.")
    def title(self) -> str:
        return self._r.title

    @strawberry.field(description="Two or three sentences in the curator's own words on what "
                      "the argument claims.")
    def summary(self) -> str:
        return self._r.summary

    @strawberry.field(description="What sort of argument this is: threat-model, proposal, "
                      "policy, empirical, counterargument, meta, problem-statement or benchmark.")
    def kind(self) -> str:
        return self._r.kind

    @strawberry.field(description="The work that states the argument.")
    def source(self) -> SourceType:
        return SourceType.of(self._r.source)

    @strawberry.field(description="The argument's links to assumptions (premises and "
                      "conclusions), each with direction, strength, evidence, locator, rationale "
                      "and review; `premisesOnly` leaves conclusions out.")
    def dependencies(self, premises_only: bool = False) -> list[DependencyType]:
        return [DependencyType(_r=d) for d in self._r.dependencies
                if d.is_premise or not premises_only]

    @strawberry.field(description="Exceptions that document a premise of this argument taking "
                      "the opposite value, with the assumption in question. Forecasts count "
                      "only with `includeForecasts`.")
    def undermined_by(self, info: Info, include_forecasts: bool = False
                      ) -> list[UnderminingType]:
        return [UnderminingType(_r=u) for u in _ctx(info).kg.underminings(
            argument=self._r.id, include_forecasts=include_forecasts)]

    @strawberry.field(description="Arguments this one answers, builds on, replies to or "
                      "disputes, as its source says.")
    def responds(self, info: Info) -> list[ArgumentType]:
        by_id = _ctx(info).kg.arguments_by_id()
        ids = sorted(set(self._r.responds_to) | set(self._r.disputes))
        return [ArgumentType.of(by_id[i]) for i in ids if i in by_id]

    @strawberry.field(description="Arguments this one argues against, as its source says.")
    def disputes(self, info: Info) -> list[ArgumentType]:
        by_id = _ctx(info).kg.arguments_by_id()
        return [ArgumentType.of(by_id[i]) for i in self._r.disputes if i in by_id]

    @strawberry.field(description="Arguments that respond to (or dispute) this one.")
    def responded_by(self, info: Info) -> list[ArgumentType]:
        return [ArgumentType.of(a) for a in _ctx(info).kg.responders_to(self._r.id)]

    @classmethod
    def of(cls, r: m.Argument) -> ArgumentType:
        return cls(id=strawberry.ID(r.id), iri=r.iri, _r=r)


# ---------------------------------------------------------------------------- exceptions


@strawberry.type(name="Observation", description="What an exception shows about one "
                 "assumption: violated, weakened (holds only partly or as a varying rate) or "
                 "shown to hold.")
class ObservationType:
    _r: strawberry.Private[m.Observation]

    @strawberry.field(description="The assumption the observation is about.")
    def assumption(self, info: Info) -> AssumptionType:
        return AssumptionType.of(_ctx(info).kg.assumption(self._r.assumption_id))

    @strawberry.field(description="Whether the case shows the assumption violated, weakened or "
                      "holding.")
    def status(self) -> ObservationStatus:
        return ObservationStatus(self._r.status)

    @strawberry.field(description="Whether the observation is explicit in the source or the "
                      "curator's reading.")
    def evidence(self) -> Evidence:
        return Evidence(self._r.evidence)

    @strawberry.field(description="Where in the source the observation is stated.")
    def locator(self) -> str:
        return self._r.locator

    @strawberry.field(description="One sentence in the curator's own words on why the "
                      "observation holds.")
    def rationale(self) -> str:
        return self._r.rationale

    @strawberry.field(description="Whether this is a forecast rather than a documented case.")
    def is_forecast(self) -> bool:
        return self._r.is_forecast

    @strawberry.field(description="Who recorded and reviewed the observation, and what they "
                      "read.")
    def review(self) -> ReviewType:
        return ReviewType(_r=self._r.review)


@strawberry.type(name="Exception", description="A documented case (system, practice, incident, "
                 "measurement, or a hypothetical named in the literature) that breaks the "
                 "training/deployment archetype on some axis.")
class ExceptionType(Node):
    _r: strawberry.Private[m.ExceptionCase]

    @strawberry.field(description="Name of the case.")
    def name(self) -> str:
        return self._r.name

    @strawberry.field(description="Two or three sentences in the curator's own words on what "
                      "the case shows.")
    def summary(self) -> str:
        return self._r.summary

    @strawberry.field(description="What sort of case this is: system, practice, incident, "
                      "measurement, lab-demonstration or hypothetical.")
    def kind(self) -> str:
        return self._r.kind

    @strawberry.field(description="Year of the case.")
    def year(self) -> int:
        return self._r.year

    @strawberry.field(description="The phases the case is about, in lifecycle order.")
    def phases(self, info: Info) -> list[PhaseType]:
        kg = _ctx(info).kg
        return [PhaseType.of(kg.phase(p)) for p in self._r.phase_ids]

    @strawberry.field(description="The work that documents the case.")
    def source(self) -> SourceType:
        return SourceType.of(self._r.source)

    @strawberry.field(description="What the case shows about each assumption it bears on.")
    def observations(self) -> list[ObservationType]:
        return [ObservationType(_r=o) for o in self._r.observations]

    @strawberry.field(description="Cases named more generally (often in the founding essay) that "
                      "this documented case is an instance of.")
    def illustrates(self, info: Info) -> list[ExceptionType]:
        every = _ctx(info).kg.exceptions_by_id()
        return [ExceptionType.of(every[i]) for i in self._r.illustrates]

    @strawberry.field(description="Documented cases that are instances of this one.")
    def illustrated_by(self, info: Info) -> list[ExceptionType]:
        return [ExceptionType.of(e) for e in _ctx(info).kg.illustrations_of(self._r.id)]

    @strawberry.field(description="Arguments this case undermines, each with the premise it "
                      "shows taking the value opposite to what the argument requires. A "
                      "forecast undermines nothing unless `includeForecasts` is set.")
    def undermines(self, info: Info, include_forecasts: bool = False) -> list[UnderminingType]:
        return [UnderminingType(_r=u) for u in _ctx(info).kg.underminings(
            exception=self._r.id, include_forecasts=include_forecasts)]

    @classmethod
    def of(cls, r: m.ExceptionCase) -> ExceptionType:
        return cls(id=strawberry.ID(r.id), iri=r.iri, _r=r)


@strawberry.type(name="Undermining", description="An exception showing an assumption taking the "
                 "value opposite to what an argument needs.")
class UnderminingType:
    _r: strawberry.Private[m.Undermining]

    @strawberry.field(description="The exception that undermines the argument.")
    def exception(self, info: Info) -> ExceptionType:
        return ExceptionType.of(_ctx(info).kg.exceptions_by_id()[self._r.exception_id])

    @strawberry.field(description="The argument that loses a premise.")
    def argument(self, info: Info) -> ArgumentType:
        return ArgumentType.of(_ctx(info).kg.arguments_by_id()[self._r.argument_id])

    @strawberry.field(description="The assumption the exception contradicts.")
    def assumption(self, info: Info) -> AssumptionType:
        return AssumptionType.of(_ctx(info).kg.assumption(self._r.assumption_id))

    @strawberry.field(description="What the exception shows about the assumption.")
    def status(self) -> ObservationStatus:
        return ObservationStatus(self._r.status)

    @strawberry.field(description="What the argument requires of the assumption.")
    def direction(self) -> Direction:
        return Direction(self._r.direction)

    @strawberry.field(description="Whether the premise is necessary or supporting.")
    def strength(self) -> Strength | None:
        return Strength(self._r.strength) if self._r.strength else None


# ---------------------------------------------------------------------------- scenarios


@strawberry.input(name="FactInput", description="A supposed truth value for one assumption.")
class FactInput:
    assumption: strawberry.ID = strawberry.field(description="The assumption's id.")
    holds: bool = strawberry.field(description="Whether the assumption holds in the scenario.")


@strawberry.type(name="Fact", description="A truth value for one assumption, as the scenario "
                 "used it (given explicitly or taken from an exception's observations).")
class FactType:
    _r: strawberry.Private[m.Fact]

    @strawberry.field(description="The assumption.")
    def assumption(self, info: Info) -> AssumptionType:
        return AssumptionType.of(_ctx(info).kg.assumption(self._r.assumption_id))

    @strawberry.field(description="Whether it holds in the scenario.")
    def holds(self) -> bool:
        return self._r.holds


@strawberry.type(name="Verdict", description="What a scenario does to one argument.")
class VerdictType:
    _r: strawberry.Private[m.Verdict]

    @strawberry.field(description="The argument.")
    def argument(self, info: Info) -> ArgumentType:
        return ArgumentType.of(_ctx(info).kg.arguments_by_id()[self._r.argument_id])

    @strawberry.field(description="Undermined, weakened, supported or unaffected.")
    def status(self) -> VerdictStatus:
        return VerdictStatus(self._r.status)

    @strawberry.field(description="Assumptions the argument needs that the scenario "
                      "contradicts.")
    def broken_assumptions(self, info: Info) -> list[AssumptionType]:
        kg = _ctx(info).kg
        return [AssumptionType.of(kg.assumption(a)) for a in self._r.broken]

    @strawberry.field(description="Assumptions the argument needs that the scenario agrees "
                      "with.")
    def supporting_assumptions(self, info: Info) -> list[AssumptionType]:
        kg = _ctx(info).kg
        return [AssumptionType.of(kg.assumption(a)) for a in self._r.supported_by]

    @strawberry.field(description="Premises the scenario breaks without undermining the "
                      "argument: supporting premises, or alternatives of an any-of group "
                      "another member of which still stands.")
    def weakened_assumptions(self, info: Info) -> list[AssumptionType]:
        kg = _ctx(info).kg
        return [AssumptionType.of(kg.assumption(a)) for a in self._r.weakened_by]


@strawberry.type(name="ScenarioReport", description="The verdict for every argument under some "
                 "facts about assumptions. Only premises count. An argument is undermined if "
                 "facts break a necessary premise (or every alternative of an any-of group), "
                 "weakened if they break only supporting premises or some alternatives, "
                 "supported if facts agree with some premises and break none, and unaffected "
                 "otherwise.")
class ScenarioReportType:
    _r: strawberry.Private[m.ScenarioReport]

    @strawberry.field(description="The facts the scenario used, explicit facts winning over "
                      "those taken from an exception.")
    def facts(self) -> list[FactType]:
        return [FactType(_r=f) for f in self._r.facts]

    @strawberry.field(description="Arguments that lose a premise, with the broken assumptions.")
    def undermined(self) -> list[VerdictType]:
        return [VerdictType(_r=v) for v in self._r.undermined]

    @strawberry.field(description="Arguments that lose only supporting premises or some "
                      "alternatives.")
    def weakened(self) -> list[VerdictType]:
        return [VerdictType(_r=v) for v in self._r.weakened]

    @strawberry.field(description="Arguments whose needs the facts agree with, contradicting "
                      "none.")
    def supported(self) -> list[VerdictType]:
        return [VerdictType(_r=v) for v in self._r.supported]

    @strawberry.field(description="Arguments no fact bears on.")
    def unaffected(self) -> list[VerdictType]:
        return [VerdictType(_r=v) for v in self._r.unaffected]

    @strawberry.field(description="How many arguments no fact bears on.")
    def unaffected_count(self) -> int:
        return len(self._r.unaffected)


# ---------------------------------------------------------------------------- search, stats


@strawberry.type(name="SearchHit", description="A record whose text matches a search.")
class SearchHitType:
    kind: str = strawberry.field(description="argument, exception, assumption or source.")
    id: strawberry.ID = strawberry.field(description="The record's slug.")
    label: str = strawberry.field(description="The record's title, name or label.")
    score: float = strawberry.field(description="Higher is better: a match in the title counts "
                                    "2, one in each other searched text 1.")

    @strawberry.field(description="The matching record.")
    def node(self, info: Info) -> Node:
        return to_node(_ctx(info).kg.resolve(self.id))


@strawberry.type(name="Stats", description="How many records of each class the graph holds.")
class StatsType:
    phases: int = strawberry.field(description="Phases.")
    properties: int = strawberry.field(description="Lifecycle properties (axes).")
    levels: int = strawberry.field(description="Levels over all axes.")
    archetypes: int = strawberry.field(description="Archetype values over all axes and phases.")
    assumptions: int = strawberry.field(description="Assumptions.")
    arguments: int = strawberry.field(description="Arguments.")
    dependencies: int = strawberry.field(description="Dependencies of arguments on assumptions.")
    sources: int = strawberry.field(description="Sources.")
    exceptions: int = strawberry.field(description="Exceptions.")
    observations: int = strawberry.field(description="Observations of exceptions.")
    no_dependency_findings: int = strawberry.field(
        description="Works read for an assumption and found not to rely on it.")
    triples: int = strawberry.field(description="RDF triples, ontology included.")


# ---------------------------------------------------------------------------- connections


@strawberry.type(description="Where a page sits in a list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item here.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item here: pass it as `after` for the next page.")


@strawberry.type(description="One argument in a page, with its cursor.")
class ArgumentEdge:
    cursor: str = strawberry.field(description="Opaque, stable position of this argument.")
    node: ArgumentType = strawberry.field(description="The argument.")


@strawberry.type(description="A page of arguments, ordered by id (Relay connection).")
class ArgumentConnection:
    edges: list[ArgumentEdge] = strawberry.field(description="The arguments with cursors.")
    nodes: list[ArgumentType] = strawberry.field(description="The arguments, without cursors.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(description="How many arguments match, over all pages.")


@strawberry.type(description="One exception in a page, with its cursor.")
class ExceptionEdge:
    cursor: str = strawberry.field(description="Opaque, stable position of this exception.")
    node: ExceptionType = strawberry.field(description="The exception.")


@strawberry.type(description="A page of exceptions, ordered by id (Relay connection).")
class ExceptionConnection:
    edges: list[ExceptionEdge] = strawberry.field(description="The exceptions with cursors.")
    nodes: list[ExceptionType] = strawberry.field(description="The exceptions, without cursors.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    total_count: int = strawberry.field(description="How many exceptions match, over all pages.")


# ---------------------------------------------------------------------------- filters


@strawberry.input(description="Filters on arguments; all given fields must match (AND).")
class ArgumentWhere:
    assumes: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only arguments with a premise that this assumption holds.")
    assumes_not: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only arguments with a premise that this assumption fails.")
    argues_not: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only arguments that conclude this assumption fails (a conclusion, not a "
        "premise).")
    depends_on: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only arguments with this assumption as a premise either way.")
    property: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only arguments depending on some assumption about this axis.")
    phase: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only arguments depending on some assumption about this "
        "phase.")
    kind: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only arguments of this kind, e.g. `threat-model`.")
    undermined_by: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only arguments this exception undermines (a forecast undermines nothing).")
    text: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Case-insensitive substring of the title or summary.")


@strawberry.input(description="Filters on exceptions; all given fields must match (AND).")
class ExceptionWhere:
    observes: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only exceptions with an observation on this assumption "
        "(with `status`, an observation of that status on it).")
    status: ObservationStatus | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only exceptions with an observation of this status.")
    include_forecasts: bool = strawberry.field(
        default=False,
        description="With `observes`, also forecasts (observations with status PREDICTED).")
    phase: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only exceptions about this phase.")
    text: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Case-insensitive substring of the name or summary.")


# ---------------------------------------------------------------------------- helpers

_WRAP: dict[type, Any] = {
    m.Phase: PhaseType, m.Level: LevelType, m.LifecycleProperty: LifecyclePropertyType,
    m.Assumption: AssumptionType, m.Source: SourceType, m.Argument: ArgumentType,
    m.ExceptionCase: ExceptionType,
}


def to_node(record: Any) -> Node:
    """Wrap any record the facade returns in its GraphQL type."""
    return _WRAP[type(record)].of(record)


ALL_TYPES = (PhaseType, LevelType, LifecyclePropertyType, AssumptionType, SourceType,
             ArgumentType, ExceptionType)
