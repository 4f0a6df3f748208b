"""GraphQL views of coverage: per assumption, how many works rely on it, argue against it, or
were read and found not to depend on it (``lifecycle-kg stats`` prints the same table)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.types import AssumptionType, SourceType
from kg import model as m


@strawberry.type(name="NoDependencyFinding", description="A work read for one assumption and "
                 "found neither to rely on it nor to argue about it: it tells a gap in the "
                 "graph apart from a work that was checked.")
class NoDependencyType:
    _r: strawberry.Private[m.NoDependency]

    @strawberry.field(description="The work that was read.")
    def source(self, info: Info) -> SourceType:
        return SourceType.of(info.context.kg.source(self._r.source_id))

    @strawberry.field(description="The assumption it was read for.")
    def assumption(self, info: Info) -> AssumptionType:
        return AssumptionType.of(info.context.kg.assumption(self._r.assumption_id))

    @strawberry.field(description="Why the work does not depend on the assumption.")
    def rationale(self) -> str:
        return self._r.rationale

    @strawberry.field(description="Where in the work this was checked, if recorded.")
    def locator(self) -> str | None:
        return self._r.locator

    @strawberry.field(description="The curator who read the work.")
    def curator(self) -> str | None:
        return self._r.curator


@strawberry.type(name="CoverageRow", description="How one assumption is covered by the graph.")
class CoverageRowType:
    assumption_id: strawberry.ID = strawberry.field(description="The assumption's slug.")
    requires_holds: int = strawberry.field(description="Arguments with a premise that it holds.")
    requires_fails: int = strawberry.field(description="Arguments with a premise that it fails.")
    argues_fails: int = strawberry.field(description="Arguments concluding that it fails.")
    exceptions: int = strawberry.field(description="Documented cases observing it.")
    forecasts: int = strawberry.field(description="Forecasts about it.")
    reviewed_no_dependency: int = strawberry.field(
        description="Works read for it and found not to depend on it.")

    @strawberry.field(description="The assumption.")
    def assumption(self, info: Info) -> AssumptionType:
        return AssumptionType.of(info.context.kg.assumption(self.assumption_id))


def coverage(info: Info) -> list[CoverageRowType]:
    return [CoverageRowType(
        assumption_id=strawberry.ID(r["assumption"]), requires_holds=r["requires_holds"],
        requires_fails=r["requires_fails"], argues_fails=r["argues_fails"],
        exceptions=r["exceptions"], forecasts=r["forecasts"],
        reviewed_no_dependency=r["reviewed_no_dependency"]) for r in info.context.kg.coverage()]


def no_dependencies(info: Info, assumption: strawberry.ID | None = None
                    ) -> list[NoDependencyType]:
    return [NoDependencyType(_r=n) for n in info.context.kg.no_dependencies(assumption)]
