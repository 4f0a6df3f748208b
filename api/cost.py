"""Cost before execution: estimate how many items an operation would return from the fan-out
of each list field (taken from the served graph's real cardinalities) and refuse operations
over a budget with an error that says the estimate and the limit.

A list field multiplies the cost of everything below it by the largest list of that kind in
the graph (or by ``first`` for a page), so a small document that nests lists ten deep is
refused before it runs instead of producing megabytes.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, cast

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from kg.graph import KnowledgeGraph, contradicts

#: estimated items (list entries, over all levels) one operation may return
COST_LIMIT = 50_000

_FANOUTS: weakref.WeakKeyDictionary[KnowledgeGraph, dict[str, int]] = (
    weakref.WeakKeyDictionary())


def fanouts(kg: KnowledgeGraph) -> dict[str, int]:
    """``Type.field`` -> the longest list that field returns in this graph (computed once)."""
    got = _FANOUTS.get(kg)
    if got is not None:
        return got
    args, excs = kg.arguments(), kg.exceptions()
    assumptions, props, phases = kg.assumptions(), kg.properties(), kg.phases()
    # undermining counts per argument and per exception, without materialising every
    # (exception, argument, assumption) triple (millions at 1M): counted from the records
    statuses: dict[str, Counter[str]] = {}
    for e in excs:
        for o in e.observations:
            statuses.setdefault(o.assumption_id, Counter())[o.status] += 1
    by_arg: Counter[str] = Counter()
    needs: dict[str, Counter[str]] = {}
    for a in args:
        for d in a.premises:
            needs.setdefault(d.assumption_id, Counter())[d.direction] += 1
            for st, n in statuses.get(d.assumption_id, Counter()).items():
                if contradicts(d.direction, cast(Any, st)):
                    by_arg[a.id] += n
    by_exc: Counter[str] = Counter()
    for e in excs:
        for o in e.observations:
            for direction, n in needs.get(o.assumption_id, Counter()).items():
                if contradicts(cast(Any, direction), o.status):
                    by_exc[e.id] += n
    n_und = sum(by_arg.values())
    per_assumption = Counter(d.assumption_id for a in args for d in a.dependencies)
    obs_per_assumption = Counter(o.assumption_id for e in excs for o in e.observations)
    responders = Counter(t for a in args for t in set(a.responds_to) | set(a.disputes))
    illustrated = Counter(t for e in excs for t in e.illustrates)
    by_source_a = Counter(a.source.id for a in args)
    by_source_e = Counter(e.source.id for e in excs)
    by_phase_a = Counter(x.phase_id for x in assumptions)
    by_phase_e = Counter(p for e in excs for p in e.phase_ids)

    def top(c: Mapping[Any, int] | Counter[Any]) -> int:
        return max(c.values(), default=0)

    n_args = len(args)
    out = {
        "Query.assumptions": len(assumptions), "Query.properties": len(props),
        "Query.phases": len(phases), "Query.sources": len(kg.sources()),
        "Query.underminings": n_und, "Query.coverage": len(assumptions),
        "Query.noDependencies": len(kg.no_dependencies()),
        "Phase.assumptions": top(by_phase_a), "Phase.exceptions": top(by_phase_e),
        "LifecycleProperty.levels": max((len(p.levels) for p in props), default=0),
        "LifecycleProperty.archetypes": len(phases),
        "LifecycleProperty.assumptions": max((len(p.assumption_ids) for p in props), default=0),
        "Assumption.arguments": top(per_assumption),
        "Assumption.exceptions": top(obs_per_assumption),
        "Source.authors": max((len(s.authors) for s in kg.sources()), default=0),
        "Source.arguments": top(by_source_a), "Source.exceptions": top(by_source_e),
        "Source.seeAlso": max((len(s.see_also) for s in kg.sources()), default=0),
        "Argument.dependencies": max((len(a.dependencies) for a in args), default=0),
        "Argument.underminedBy": top(by_arg),
        "Argument.responds": max((len(set(a.responds_to) | set(a.disputes)) for a in args),
                                 default=0),
        "Argument.disputes": max((len(a.disputes) for a in args), default=0),
        "Argument.respondedBy": top(responders),
        "Exception.phases": len(phases),
        "Exception.observations": max((len(e.observations) for e in excs), default=0),
        "Exception.illustrates": max((len(e.illustrates) for e in excs), default=0),
        "Exception.illustratedBy": top(illustrated),
        "Exception.undermines": top(by_exc),
        "ScenarioReport.facts": len(assumptions), "ScenarioReport.undermined": n_args,
        "ScenarioReport.weakened": n_args, "ScenarioReport.supported": n_args,
        "ScenarioReport.unaffected": n_args,
        "Verdict.brokenAssumptions": max((len(a.premises) for a in args), default=0),
        "Verdict.supportingAssumptions": max((len(a.premises) for a in args), default=0),
        "Verdict.weakenedAssumptions": max((len(a.premises) for a in args), default=0),
        "*": max(n_args, len(excs)),
    }
    # totals over the whole graph: a list under distinct parents never returns more than its
    # relation holds, however many parents ask (100 arguments cannot share more underminings
    # than the graph has)
    totals = {
        "Argument.dependencies": sum(len(a.dependencies) for a in args),
        "Argument.underminedBy": n_und, "Exception.undermines": n_und,
        "Exception.observations": sum(len(e.observations) for e in excs),
        "Source.authors": sum(len(s.authors) for s in kg.sources()),
    }
    out.update({f"total:{k}": v for k, v in totals.items()})
    _FANOUTS[kg] = out
    return out


#: list fields whose items each belong to exactly one parent: under distinct parents their
#: items are distinct too, so the relation's total bounds them
_OWNED = {"Argument.dependencies", "Argument.underminedBy", "Exception.undermines",
          "Exception.observations", "Source.authors"}


def _list_type(t: Any) -> bool:
    while isinstance(t, GraphQLNonNull):
        t = t.of_type
    return isinstance(t, GraphQLList)


def _named(t: Any) -> Any:
    while isinstance(t, (GraphQLNonNull, GraphQLList)):
        t = t.of_type
    return t


def estimate(schema: Any, document: Any, variables: Mapping[str, Any] | None,
             operation_name: str | None, table: Mapping[str, int],
             limit: int = COST_LIMIT) -> int:
    """Estimated items the operation returns; stops counting once past ``limit``."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        ops = [o for o in ops if o.name and o.name.value == operation_name]
    variables = variables or {}

    def first_of(node: FieldNode, default: int) -> int:
        for arg in node.arguments or ():
            if arg.name.value == "first":
                v = arg.value
                raw = variables.get(v.name.value) if isinstance(v, VariableNode) else \
                    getattr(v, "value", None)
                try:
                    return max(0, int(raw)) if raw is not None else default
                except (TypeError, ValueError):
                    return default
        return default

    def walk(selections: Any, parent: Any, parents: int, distinct: bool, depth: int = 0) -> int:
        """Items under ``parents`` instances of ``parent`` (``distinct``: no instance twice)."""
        total = 0
        for sel in selections or ():
            if isinstance(sel, FieldNode):
                name = sel.name.value
                if name.startswith("__") or not isinstance(parent, GraphQLObjectType):
                    total += parents
                    continue
                field = parent.fields.get(name)
                if field is None:
                    continue
                child = _named(field.type)
                key = f"{parent.name}.{name}"
                if name in ("arguments", "exceptions", "search") and parent.name == "Query":
                    items, apart = parents * min(first_of(sel, 20), table.get("*", 100)), distinct
                elif parent.name.endswith("Connection") and name in ("edges", "nodes"):
                    items, apart = parents, distinct  # the page size was counted already
                elif _list_type(field.type):
                    items = parents * table.get(key, table.get("*", 100))
                    apart = distinct and key in _OWNED
                    if apart and f"total:{key}" in table:
                        items = min(items, table[f"total:{key}"])
                else:
                    # one object per parent; shared objects (a source, an assumption) repeat
                    items, apart = parents, distinct and parent.name.endswith(("Edge",
                                                                                "Connection"))
                below = walk(sel.selection_set.selections, child, items, apart, depth + 1) \
                    if sel.selection_set else 0
                total += items + below
            elif isinstance(sel, InlineFragmentNode):
                cond = schema.get_type(sel.type_condition.name.value) \
                    if sel.type_condition else parent
                total += walk(sel.selection_set.selections, cond, parents, distinct, depth)
            elif isinstance(sel, FragmentSpreadNode):
                frag = fragments.get(sel.name.value)
                if frag is not None and depth < 64:
                    total += walk(frag.selection_set.selections,
                                  schema.get_type(frag.type_condition.name.value), parents,
                                  distinct, depth + 1)
            if total > limit:
                return total
        return total

    root = schema.query_type
    return sum(walk(o.selection_set.selections, root, 1, True) for o in ops)


class CostLimiter(SchemaExtension):
    """Refuse an operation whose estimated result is over the budget, before it runs."""

    def __init__(self, limit: int = COST_LIMIT) -> None:
        self.limit = limit

    def on_validate(self) -> Iterator[None]:
        yield
        ctx = self.execution_context
        doc = ctx.graphql_document
        if doc is None or ctx.pre_execution_errors:
            return
        kg = getattr(ctx.context, "kg", None)
        if not isinstance(kg, KnowledgeGraph):
            return
        cost = estimate(ctx.schema._schema, doc, ctx.variables,
                        getattr(ctx, "_provided_operation_name", None), fanouts(kg),
                        self.limit)
        if cost > self.limit:
            raise GraphQLError(
                f"query too costly: at least {cost} items estimated from the graph's list "
                f"sizes, limit {self.limit}; ask for fewer nested lists or a smaller page",
                extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "limit": self.limit})
