"""Per-request context: the graph a request runs against plus memoised indexes.

Nested fields resolve from records already in hand; the few cross-record lookups (who
undermines what, which arguments respond to which) are built once per request from one
facade call each, so a list of any length costs a bounded number of store queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from strawberry.fastapi import BaseContext

from kg import model as m
from kg.graph import KnowledgeGraph

T = TypeVar("T")


class Context(BaseContext):
    """What every resolver sees as ``info.context``."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        super().__init__()
        self.kg = kg
        self._memo: dict[str, Any] = {}

    def _once(self, key: str, build: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def arguments_by_id(self) -> Mapping[str, m.Argument]:
        return self.kg.arguments_by_id()

    def exceptions_by_id(self) -> Mapping[str, m.ExceptionCase]:
        return self.kg.exceptions_by_id()

    def levels_by_id(self) -> dict[str, m.Level]:
        return self._once(
            "levels", lambda: {lv.id: lv for p in self.kg.properties() for lv in p.levels}
        )

    def _underminings(self) -> list[m.Undermining]:
        return self._once("underminings", self.kg.underminings)

    def _grouped(self, key: str, items: Callable[[], Any],
                 by: Callable[[Any], Any]) -> dict[Any, list[Any]]:
        def build() -> dict[Any, list[Any]]:
            out: dict[Any, list[Any]] = defaultdict(list)
            for item in items():
                out[by(item)].append(item)
            return out

        return self._once(key, build)

    def underminings_of_argument(self, argument_id: str) -> list[m.Undermining]:
        return self._grouped("underminings_by_argument", self._underminings,
                             lambda u: u.argument_id).get(argument_id, [])

    def underminings_by_exception(self, exception_id: str) -> list[m.Undermining]:
        return self._grouped("underminings_by_exception", self._underminings,
                             lambda u: u.exception_id).get(exception_id, [])

    def responders_to(self, argument_id: str) -> list[m.Argument]:
        def build() -> dict[str, list[m.Argument]]:
            out: dict[str, list[m.Argument]] = defaultdict(list)
            for a in self.arguments_by_id().values():
                for target in sorted(set(a.responds_to) | set(a.disputes)):
                    out[target].append(a)
            return out

        return self._once("responders", build).get(argument_id, [])

    def arguments_needing(self, assumption_id: str) -> list[tuple[m.Argument, m.Dependency]]:
        def build() -> dict[str, list[tuple[m.Argument, m.Dependency]]]:
            out: dict[str, list[tuple[m.Argument, m.Dependency]]] = defaultdict(list)
            for a in self.arguments_by_id().values():
                for d in a.dependencies:
                    out[d.assumption_id].append((a, d))
            return out

        return self._once("needs", build).get(assumption_id, [])

    def observations_of(
        self, assumption_id: str
    ) -> list[tuple[m.ExceptionCase, m.Observation]]:
        def build() -> dict[str, list[tuple[m.ExceptionCase, m.Observation]]]:
            out: dict[str, list[tuple[m.ExceptionCase, m.Observation]]] = defaultdict(list)
            for e in self.exceptions_by_id().values():
                for o in e.observations:
                    out[o.assumption_id].append((e, o))
            return out

        return self._once("observations", build).get(assumption_id, [])
