"""The ``KnowledgeGraph`` facade: the one object every consumer (API, CLI, export, analysis)
talks to. It answers domain questions through the named queries of ``kg/queries`` and returns
the immutable views of ``kg.model``; it never hands out the store itself.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, cast

from kg.errors import Problem, UnknownIdError
from kg.model import (
    Archetype,
    Argument,
    Assumption,
    Dependency,
    Direction,
    EvidenceKind,
    ExceptionCase,
    Fact,
    Level,
    LifecycleProperty,
    NoDependency,
    Observation,
    Phase,
    PremiseGroup,
    Review,
    ScenarioReport,
    Source,
    Status,
    Strength,
    Undermining,
    Verdict,
)
from kg.namespaces import LC, LCD, record_iri, slug_of
from kg.store import Row, Store

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

Kind = Literal[
    "phase", "property", "assumption", "argument", "exception", "source", "level"
]

_CLASS_OF: dict[str, str] = {
    "phase": LC + "Phase",
    "property": LC + "LifecycleProperty",
    "assumption": LC + "Assumption",
    "argument": LC + "Argument",
    "exception": LC + "Exception",
    "source": LC + "Source",
    "level": LC + "Level",
}
_DIRECTION: dict[str, Direction] = {LC + "RequiresHolds": "holds", LC + "RequiresFails": "fails",
                                    LC + "ArguesFails": "argues-fails"}
#: Spellings callers may use for a direction (GraphQL and the v1 names).
_DIRECTION_ALIASES: dict[str, Direction] = {
    "holds": "holds", "fails": "fails", "argues-fails": "argues-fails",
    "requires-holds": "holds", "requires-fails": "fails",
}
_STRENGTH: dict[str, Strength] = {LC + "Necessary": "necessary", LC + "Supporting": "supporting"}
_COPY = {LC + "PrimaryCopy": "primary", LC + "SecondaryCopy": "secondary"}
_OUTCOME = {LC + "Confirmed": "confirmed", LC + "Corrected": "corrected"}
_COMBINATION = {LC + "AllOf": "all-of", LC + "AnyOf": "any-of"}
_EVIDENCE: dict[str, EvidenceKind] = {
    LC + "ExplicitInSource": "explicit",
    LC + "CuratorReading": "interpreted",
}
_STATUS: dict[str, Status] = {
    LC + "Violated": "violated",
    LC + "Weakened": "weakened",
    LC + "ShownToHold": "holds",
    LC + "Predicted": "predicted",
}
_STATUSES = ("violated", "weakened", "holds", "predicted")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)?$")


def contradicts(direction: Direction, status: Status, forecasts: bool = False) -> bool:
    """Whether an observation contradicts a premise. Conclusions are never contradicted this
    way, and a forecast counts (as a predicted failure) only when asked for."""
    if direction == "argues-fails":
        return False
    if status == "predicted":
        return forecasts and direction == "holds"
    return status in ("violated", "weakened") if direction == "holds" else status == "holds"


def _opt(value: object, table: Mapping[str, Any] | None = None) -> Any:
    if value is None:
        return None
    return table[cast(str, value)] if table is not None else value


def _review(row: Sequence[object]) -> Review:
    """(curator, created, reviewer, reviewed, outcome, version, copy) -> Review."""
    curator, created, reviewer, reviewed, outcome, version, copy = row
    return Review(
        slug_of(cast(str, curator)) if curator else None, cast("str | None", created),
        slug_of(cast(str, reviewer)) if reviewer else None, cast("str | None", reviewed),
        _opt(outcome, _OUTCOME), cast("str | None", version), _opt(copy, _COPY),
    )


def direction_of(name: str) -> Direction:
    """A direction from any accepted spelling (``requires-holds`` and ``holds`` are one)."""
    try:
        return _DIRECTION_ALIASES[name]
    except (KeyError, TypeError):
        raise ValueError(
            "direction must be 'holds' (requires holds), 'fails' (requires fails), "
            f"'argues-fails' or None, not {name!r}") from None


def _verdict(arg: Argument, given: Mapping[str, bool]) -> Verdict:
    """One argument's verdict under facts, honouring strength and any-of groups."""
    broken: set[str] = set()
    weakened: set[str] = set()
    support: set[str] = set()
    any_of = {g.id for g in arg.groups if g.combination == "any-of"}
    group_members: dict[str, list[bool]] = defaultdict(list)
    for d in arg.premises:
        if d.assumption_id not in given:
            if d.group in any_of:
                group_members[d.group].append(False)
            continue
        ok = given[d.assumption_id] == (d.direction == "holds")
        if ok:
            support.add(d.assumption_id)
        if d.group in any_of:
            group_members[d.group].append(not ok)
        elif not ok:
            (broken if d.strength != "supporting" else weakened).add(d.assumption_id)
    for gid, states in group_members.items():
        members = {d.assumption_id for d in arg.premises if d.group == gid}
        hit = {m for m in members if m in given and m not in support}
        if states and all(states):
            broken |= hit
        else:
            weakened |= hit
    if broken:
        return Verdict(arg.id, "undermined", tuple(sorted(broken)), tuple(sorted(support)),
                       tuple(sorted(weakened)))
    if weakened:
        return Verdict(arg.id, "weakened", (), tuple(sorted(support)), tuple(sorted(weakened)))
    if support:
        return Verdict(arg.id, "supported", (), tuple(sorted(support)))
    return Verdict(arg.id, "unaffected")


class _Reverse:
    """Links followed backwards, keyed by the slug of the record pointed at."""

    def __init__(self) -> None:
        self.arguments_by_source: defaultdict[str, list[Argument]] = defaultdict(list)
        self.exceptions_by_source: defaultdict[str, list[ExceptionCase]] = defaultdict(list)
        self.exceptions_by_phase: defaultdict[str, list[ExceptionCase]] = defaultdict(list)
        self.responders: defaultdict[str, list[Argument]] = defaultdict(list)
        self.illustrated_by: defaultdict[str, list[ExceptionCase]] = defaultdict(list)
        self.observations: defaultdict[str, list[tuple[ExceptionCase, Observation]]] = (
            defaultdict(list))


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: str
    label: str
    score: float


class KnowledgeGraph:
    """A loaded, validated, read-only graph of lifecycle claims.

    Build one with :func:`kg.load`. Records are immutable, so hydrated views are cached.
    """

    def __init__(self, store: Store, files: Sequence[str] = (), rdf: rdflib.Graph | None = None,
                 warnings: Sequence[Problem] = ()):
        self._store = store
        self.files = tuple(files)
        self._rdf = rdf
        self._lock = threading.RLock()
        self._ids: dict[str, frozenset[str]] = {}
        self._phases: dict[str, Phase] | None = None
        self._properties: dict[str, LifecycleProperty] | None = None
        self._assumptions: dict[str, Assumption] | None = None
        self._levels: dict[str, Level] = {}
        self._sources: dict[str, Source] | None = None
        self._arguments: dict[str, Argument] | None = None
        self._exceptions: dict[str, ExceptionCase] | None = None
        self._needs: dict[str, tuple[tuple[str, Direction], ...]] | None = None
        self._no_deps: list[NoDependency] | None = None
        self._reverse_index: _Reverse | None = None
        self._pool: Any = None
        self._pool_lock = threading.Lock()
        #: SHACL warnings found while loading (they do not stop a load)
        self.warnings = list(warnings)

    # ------------------------------------------------------------------ basics

    def __len__(self) -> int:
        return len(self._store)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} triples>"

    @property
    def query_count(self) -> int:
        """How many store queries have run: lets tests bound the cost of a request."""
        return self._store.stats.count

    @property
    def rdf(self) -> rdflib.Graph:
        """The whole graph as an ``rdflib.Graph`` for your own SPARQL (built on first use)."""
        with self._lock:
            if self._rdf is None:
                from kg.terms import to_graph

                raw = self._raw_store()
                if raw is None:
                    raise RuntimeError("this store cannot be exported as an rdflib graph")
                self._rdf = to_graph(raw.quads_for_pattern(None, None, None))
            return self._rdf

    def _select(self, name: str, **bindings: Sequence[str]) -> list[Row]:
        return self._store.select(name, bindings)

    # ------------------------------------------------------------------ ids

    def ids(self, kind: Kind) -> frozenset[str]:
        """Every slug of one kind of record."""
        with self._lock:
            got = self._ids.get(kind)
            if got is None:
                rows = self._select("ids_of_class", **{"class": [_CLASS_OF[kind]]})
                got = self._ids[kind] = frozenset(slug_of(cast(str, r[0])) for r in rows)
            return got

    def check_id(self, kind: Kind, id: str) -> str:
        """Return the IRI of a known record, or raise UnknownIdError with close matches."""
        slug = slug_of(id) if isinstance(id, str) else id
        known = self.ids(kind)
        if not isinstance(slug, str) or not _SLUG.match(slug) or slug not in known:
            text = slug if isinstance(slug, str) else repr(slug)
            near = difflib.get_close_matches(text[:200], sorted(known), n=3, cutoff=0.5)
            other = next((k for k in _CLASS_OF if k != kind and isinstance(slug, str)
                          and _SLUG.match(slug) and slug in self.ids(cast(Kind, k))), None)
            raise UnknownIdError(kind, text[:200], near, other)
        return record_iri(slug)

    def kind_of(self, id: str) -> Kind | None:
        """Which kind of record an id or IRI names, if any."""
        slug = slug_of(id)
        for kind in _CLASS_OF:
            if slug in self.ids(cast(Kind, kind)):
                return cast(Kind, kind)
        return None

    def argument_kinds(self) -> list[str]:
        """The argument kinds the ontology defines (``lc:ArgumentKind`` notations)."""
        return [cast(str, r[0]) for r in
                self._select("kind_notations", **{"class": [LC + "ArgumentKind"]})]

    # ------------------------------------------------------------------ phases and axes

    def phases(self) -> list[Phase]:
        with self._lock:
            if self._phases is None:
                self._phases = {
                    slug_of(cast(str, r[0])): Phase(
                        slug_of(cast(str, r[0])), cast(str, r[0]), cast(str, r[1]),
                        cast(str, r[2]), cast(int, r[3]),
                    )
                    for r in self._select("phases")
                }
            return sorted(self._phases.values(), key=lambda p: p.order)

    def phase(self, id: str) -> Phase:
        self.check_id("phase", id)
        self.phases()
        assert self._phases is not None
        return self._phases[slug_of(id)]

    def _load_axes(self) -> None:
        if self._properties is not None:
            return
        levels_by_prop: dict[str, list[Level]] = defaultdict(list)
        for prop, level, label, comment, rank in self._select("levels"):
            lv = Level(slug_of(cast(str, level)), cast(str, level), cast(str, label),
                       cast(int, rank), cast("str | None", comment))
            self._levels[lv.id] = lv
            levels_by_prop[slug_of(cast(str, prop))].append(lv)
        arche: dict[str, list[Archetype]] = defaultdict(list)
        for prop, phase, level in self._select("archetypes"):
            arche[slug_of(cast(str, prop))].append(
                Archetype(slug_of(cast(str, phase)), self._levels[slug_of(cast(str, level))])
            )
        assumptions: dict[str, Assumption] = {}
        by_prop: dict[str, list[str]] = defaultdict(list)
        for a, label, statement, prop, phase, level in self._select("assumptions"):
            aid = slug_of(cast(str, a))
            assumptions[aid] = Assumption(
                aid, cast(str, a), cast(str, label), cast(str, statement),
                slug_of(cast(str, prop)), slug_of(cast(str, phase)) if phase else None,
                self._levels[slug_of(cast(str, level))],
            )
            by_prop[slug_of(cast(str, prop))].append(aid)
        order = {p.id: p.order for p in self.phases()}
        props: dict[str, LifecycleProperty] = {}
        for p, label, comment, scale, unit in self._select("properties"):
            pid = slug_of(cast(str, p))
            props[pid] = LifecycleProperty(
                pid, cast(str, p), cast(str, label), cast(str, comment), cast(str, scale),
                cast("str | None", unit),
                tuple(sorted(levels_by_prop[pid], key=lambda lv: lv.rank)),
                tuple(sorted(arche[pid], key=lambda a: order.get(a.phase_id, 99))),
                tuple(sorted(by_prop[pid])),
            )
        self._assumptions = dict(sorted(assumptions.items()))
        self._properties = dict(sorted(props.items()))

    def properties(self) -> list[LifecycleProperty]:
        with self._lock:
            self._load_axes()
            assert self._properties is not None
            return list(self._properties.values())

    def property(self, id: str) -> LifecycleProperty:
        self.check_id("property", id)
        with self._lock:
            self._load_axes()
            assert self._properties is not None
            return self._properties[slug_of(id)]

    def level(self, id: str) -> Level:
        """One level of an axis (``<axis>.<level>``)."""
        self.check_id("level", id)
        with self._lock:
            self._load_axes()
            return self._levels[slug_of(id)]

    def assumptions(
        self, property: str | None = None, phase: str | None = None
    ) -> list[Assumption]:
        with self._lock:
            self._load_axes()
            assert self._assumptions is not None
            out = list(self._assumptions.values())
        if property is not None:
            self.check_id("property", property)
            out = [a for a in out if a.property_id == slug_of(property)]
        if phase is not None:
            self.check_id("phase", phase)
            out = [a for a in out if a.phase_id == slug_of(phase)]
        return out

    def assumption(self, id: str) -> Assumption:
        self.check_id("assumption", id)
        with self._lock:
            self._load_axes()
            assert self._assumptions is not None
            return self._assumptions[slug_of(id)]

    # ------------------------------------------------------------------ sources, arguments,
    # exceptions: each kind is read whole, in a few bulk queries, the first time any of it is
    # needed. The graph is immutable, so later calls are dict lookups and a request never
    # costs one query per record.

    def _sources_by_id(self) -> dict[str, Source]:
        with self._lock:
            if self._sources is None:
                links: dict[str, list[str]] = defaultdict(list)
                for s, link in self._select("source_see_also"):
                    links[cast(str, s)].append(cast(str, link))
                authors: dict[str, list[tuple[int, str]]] = defaultdict(list)
                for s, position, name in self._select("source_authors"):
                    authors[cast(str, s)].append((cast(int, position), cast(str, name)))
                out: dict[str, Source] = {}
                for s, title, year, url, arxiv, doi, venue in self._select("sources"):
                    iri = cast(str, s)
                    out[slug_of(iri)] = Source(
                        slug_of(iri), iri, cast(str, title),
                        tuple(n for _, n in sorted(authors.get(iri, []))),
                        cast(int, year), cast(str, url), cast("str | None", arxiv),
                        cast("str | None", doi), cast("str | None", venue),
                        tuple(sorted(links.get(iri, []))),
                    )
                self._sources = dict(sorted(out.items()))
            return self._sources

    def sources(self) -> list[Source]:
        return list(self._sources_by_id().values())

    def source(self, id: str) -> Source:
        iri = self.check_id("source", id)
        return self._sources_by_id()[slug_of(iri)]

    def _arguments_by_id(self) -> dict[str, Argument]:
        with self._lock:
            if self._arguments is None:
                deps: dict[str, list[Dependency]] = defaultdict(list)
                for row in self._select("dependencies"):
                    arg, a, direction, evidence, locator, rationale = row[:6]
                    curator, created, strength, group = row[6:10]
                    review = _review((curator, created, *row[10:]))
                    deps[cast(str, arg)].append(Dependency(
                        slug_of(cast(str, a)), _DIRECTION[cast(str, direction)],
                        _EVIDENCE[cast(str, evidence)], cast(str, locator), cast(str, rationale),
                        review.curator, review.created, _opt(strength, _STRENGTH),
                        slug_of(cast(str, group)) if group else None, review,
                    ))
                combos: dict[str, list[tuple[str, str]]] = defaultdict(list)
                for arg, group, combination in self._select("premise_groups"):
                    combos[cast(str, arg)].append(
                        (slug_of(cast(str, group)), _COMBINATION[cast(str, combination)]))
                rel: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
                for arg, relation, target in self._select("responses"):
                    rel[cast(str, arg)][cast(str, relation)].append(slug_of(cast(str, target)))
                sources = self._sources_by_id()
                out: dict[str, Argument] = {}
                for arg, title, summary, kind, source in self._select("arguments"):
                    iri = cast(str, arg)
                    r = rel.get(iri, {})
                    mine = tuple(sorted(deps.get(iri, []), key=lambda d: d.assumption_id))
                    groups = tuple(
                        PremiseGroup(gid, cast(Any, comb), tuple(
                            d.assumption_id for d in mine if d.group == gid))
                        for gid, comb in sorted(combos.get(iri, [])))
                    out[slug_of(iri)] = Argument(
                        slug_of(iri), iri, cast(str, title), cast(str, summary), cast(str, kind),
                        sources[slug_of(cast(str, source))], mine,
                        tuple(sorted(r.get(LC + "respondsTo", []))),
                        tuple(sorted(r.get(LC + "disputes", []))),
                        groups,
                    )
                self._arguments = dict(sorted(out.items()))
            return self._arguments

    def _arguments_for(self, iris: Iterable[str]) -> list[Argument]:
        every = self._arguments_by_id()
        return sorted((every[slug_of(i)] for i in set(iris)), key=lambda a: a.id)

    def arguments(self) -> list[Argument]:
        return list(self._arguments_by_id().values())

    def arguments_by_id(self) -> Mapping[str, Argument]:
        """Every argument by slug: a read-only view, not a copy."""
        return MappingProxyType(self._arguments_by_id())

    def argument(self, id: str) -> Argument:
        iri = self.check_id("argument", id)
        return self._arguments_by_id()[slug_of(iri)]

    def _needs_index(self) -> dict[str, tuple[tuple[str, Direction], ...]]:
        """Assumption IRI -> (argument IRI, direction) for every dependency (premises and
        conclusions), from one run of ``arguments_by_assumption.rq`` over the whole graph."""
        with self._lock:
            if self._needs is None:
                index: dict[str, list[tuple[str, Direction]]] = defaultdict(list)
                for arg, a, d in self._select("arguments_by_assumption"):
                    index[cast(str, a)].append((cast(str, arg), _DIRECTION[cast(str, d)]))
                self._needs = {a: tuple(v) for a, v in index.items()}
            return self._needs

    def arguments_assuming(
        self, assumption: str | Sequence[str], direction: Direction | str | None = None
    ) -> list[Argument]:
        """Arguments with the assumption(s) as a premise that must hold (``direction='holds'``),
        must fail (``'fails'``), or either (``None``). Conclusions are not premises: ask for
        them with ``'argues-fails'``."""
        names = [assumption] if isinstance(assumption, str) else list(assumption)
        iris = [self.check_id("assumption", a) for a in names]
        wanted = direction_of(direction) if direction is not None else None
        needs = self._needs_index()
        return self._arguments_for(
            arg for a in iris for arg, d in needs.get(a, ())
            if (d == wanted if wanted is not None else d != "argues-fails"))

    def arguments_on_property(
        self, property: str | None = None, phase: str | None = None
    ) -> list[Argument]:
        """Arguments with any dependency on an assumption about this axis and/or phase."""
        assumptions = [a.id for a in self.assumptions(property=property, phase=phase)]
        return self.arguments_assuming(assumptions) if assumptions else []

    def _exceptions_by_id(self) -> dict[str, ExceptionCase]:
        with self._lock:
            if self._exceptions is None:
                phases: dict[str, list[str]] = defaultdict(list)
                for e, p in self._select("exception_phases"):
                    phases[cast(str, e)].append(slug_of(cast(str, p)))
                obs: dict[str, list[Observation]] = defaultdict(list)
                for row in self._select("observations"):
                    e, a, status, evidence, locator, rationale = row[:6]
                    obs[cast(str, e)].append(Observation(
                        slug_of(cast(str, a)), _STATUS[cast(str, status)],
                        _EVIDENCE[cast(str, evidence)], cast(str, locator), cast(str, rationale),
                        _review(row[6:]),
                    ))
                links: dict[str, list[str]] = defaultdict(list)
                for e, target in self._select("exception_links"):
                    links[cast(str, e)].append(slug_of(cast(str, target)))
                sources = self._sources_by_id()
                order = {p.id: p.order for p in self.phases()}
                out: dict[str, ExceptionCase] = {}
                for e, name, summary, kind, year, source in self._select("exceptions"):
                    iri = cast(str, e)
                    out[slug_of(iri)] = ExceptionCase(
                        slug_of(iri), iri, cast(str, name), cast(str, summary), cast(str, kind),
                        cast(int, year),
                        tuple(sorted(phases.get(iri, []), key=lambda p: order.get(p, 99))),
                        sources[slug_of(cast(str, source))],
                        tuple(sorted(obs.get(iri, []), key=lambda o: o.assumption_id)),
                        tuple(sorted(links.get(iri, []))),
                    )
                self._exceptions = dict(sorted(out.items()))
            return self._exceptions

    def exceptions(self) -> list[ExceptionCase]:
        return list(self._exceptions_by_id().values())

    def exceptions_by_id(self) -> Mapping[str, ExceptionCase]:
        """Every exception by slug: a read-only view, not a copy."""
        return MappingProxyType(self._exceptions_by_id())

    def exception(self, id: str) -> ExceptionCase:
        iri = self.check_id("exception", id)
        return self._exceptions_by_id()[slug_of(iri)]

    def _reverse(self) -> _Reverse:
        """Who points at each record, built once from the cached records (the graph is
        immutable), so that no caller scans every argument or exception per lookup."""
        with self._lock:
            if self._reverse_index is None:
                r = _Reverse()
                for arg in self._arguments_by_id().values():
                    r.arguments_by_source[arg.source.id].append(arg)
                    for target in sorted(set(arg.responds_to) | set(arg.disputes)):
                        r.responders[target].append(arg)
                for exc in self._exceptions_by_id().values():
                    r.exceptions_by_source[exc.source.id].append(exc)
                    for phase_id in exc.phase_ids:
                        r.exceptions_by_phase[phase_id].append(exc)
                    for target in exc.illustrates:
                        r.illustrated_by[target].append(exc)
                    for o in exc.observations:
                        r.observations[o.assumption_id].append((exc, o))
                self._reverse_index = r
            return self._reverse_index

    def arguments_citing(self, source: str) -> list[Argument]:
        return list(self._reverse().arguments_by_source.get(slug_of(
            self.check_id("source", source)), ()))

    def exceptions_citing(self, source: str) -> list[ExceptionCase]:
        return list(self._reverse().exceptions_by_source.get(slug_of(
            self.check_id("source", source)), ()))

    def exceptions_in_phase(self, phase: str) -> list[ExceptionCase]:
        return list(self._reverse().exceptions_by_phase.get(slug_of(
            self.check_id("phase", phase)), ()))

    def responders_to(self, argument: str) -> list[Argument]:
        """Arguments that respond to or dispute this one."""
        return list(self._reverse().responders.get(slug_of(
            self.check_id("argument", argument)), ()))

    def illustrations_of(self, exception: str) -> list[ExceptionCase]:
        """Documented cases that are instances of this one (``lc:illustrates``)."""
        return list(self._reverse().illustrated_by.get(slug_of(
            self.check_id("exception", exception)), ()))

    def exceptions_observing(
        self, assumption: str, status: Status | None = None, include_forecasts: bool = False
    ) -> list[ExceptionCase]:
        """Exceptions with an observation on the assumption (optionally with that status).
        Forecasts (``predicted``) are left out unless asked for by status or flag."""
        aid = slug_of(self.check_id("assumption", assumption))
        if status is not None and status not in _STATUSES:
            raise ValueError("status must be violated, weakened, holds, predicted or None, "
                             f"not {status!r}")
        hits = {e.id: e for e, o in self._reverse().observations.get(aid, ())
                if (o.status == status if status is not None
                    else include_forecasts or o.status != "predicted")}
        return [hits[h] for h in sorted(hits)]

    # ------------------------------------------------------------------ undermining

    def underminings(
        self, argument: str | None = None, exception: str | None = None,
        include_forecasts: bool = False,
    ) -> list[Undermining]:
        """Pairs (exception, argument, assumption) where the exception shows a premise of the
        argument taking the opposite value: violated or weakened where the argument requires it
        to hold, holding where it requires it to fail (``queries/underminings.rq`` states the
        same rule in SPARQL; a test keeps the two in step). Conclusions never count; forecasts
        count as predicted failures only with ``include_forecasts``."""
        f = include_forecasts
        if exception is not None and argument is None:
            exc, every = self.exception(exception), self._arguments_by_id()
            needs = self._needs_index()
            out = set()
            for o in exc.observations:
                for arg, d in needs.get(record_iri(o.assumption_id), ()):
                    if contradicts(d, o.status, f):
                        dep = every[slug_of(arg)].depends_on(o.assumption_id)
                        out.add(Undermining(exc.id, slug_of(arg), o.assumption_id, o.status, d,
                                            dep.strength if dep else None))
        else:
            args = [self.argument(argument)] if argument is not None else self.arguments()
            only = self.exception(exception).id if exception is not None else None
            observations = self._reverse().observations
            out = {
                Undermining(e.id, a.id, d.assumption_id, o.status, d.direction, d.strength)
                for a in args
                for d in a.dependencies
                for e, o in observations.get(d.assumption_id, ())
                if (only is None or e.id == only) and contradicts(d.direction, o.status, f)
            }
        return sorted(out, key=lambda u: (u.argument_id, u.exception_id, u.assumption_id))

    def exceptions_undermining(
        self, argument: str, include_forecasts: bool = False
    ) -> list[Undermining]:
        return self.underminings(argument=argument, include_forecasts=include_forecasts)

    def arguments_undermined_by(
        self, exception: str, include_forecasts: bool = False
    ) -> list[Undermining]:
        return self.underminings(exception=exception, include_forecasts=include_forecasts)

    # ------------------------------------------------------------------ scenarios

    def evaluate(
        self,
        facts: Mapping[str, bool] | Iterable[Fact] = (),
        from_exception: str | None = None,
    ) -> ScenarioReport:
        """The verdict for every argument under some facts about assumptions.

        Only premises count; conclusions (``argues-fails``) are never broken or supported by
        facts. An argument is *undermined* when a fact breaks a necessary premise outside any
        group, or every member of an any-of group; *weakened* when facts break only supporting
        premises or some members of an any-of group; *supported* when facts agree with some
        premises and break none; *unaffected* otherwise. An exception contributes its
        observations as facts (violated, weakened and predicted count as the assumption
        failing); explicit facts win over them.
        """
        given: dict[str, bool] = {}
        if from_exception is not None:
            for o in self.exception(from_exception).observations:
                given[o.assumption_id] = o.status == "holds"
        items = facts.items() if isinstance(facts, Mapping) else ((f.assumption_id, f.holds)
                                                                  for f in facts)
        for a, holds in items:
            if not isinstance(holds, bool):
                raise ValueError(f"fact for {a!r} must be true or false, not {holds!r}")
            given[slug_of(a)] = holds
        iris = [self.check_id("assumption", a) for a in given]
        touched: set[str] = set()
        index = self._needs_index()
        for a in iris:
            touched.update(slug_of(arg) for arg, d in index.get(a, ()) if d != "argues-fails")
        every = self._arguments_by_id()
        verdicts = []
        for gid in sorted(self.ids("argument")):
            if gid not in touched:
                verdicts.append(Verdict(gid, "unaffected"))
                continue
            verdicts.append(_verdict(every[gid], given))
        return ScenarioReport(tuple(Fact(a, h) for a, h in sorted(given.items())),
                              tuple(verdicts))

    def warm(self) -> None:
        """Build every cached record and index now (a server does this before it reports
        ready, so no request pays for first use)."""
        self.assumptions()
        self.arguments()
        self.exceptions()
        self._needs_index()
        self._reverse()

    # ------------------------------------------------------------------ summaries

    def stats(self) -> dict[str, int]:
        """Counts per class, plus triples."""
        counts = {slug_of(cast(str, c)).removeprefix(LC): cast(int, n)
                  for c, n in self._select("class_counts")}
        names = ["Phase", "LifecycleProperty", "Level", "Archetype", "Assumption", "Argument",
                 "Dependency", "Source", "Exception", "Observation", "NoDependencyFinding",
                 "Curator"]
        out = {n: counts.get(LC + n, counts.get(n, 0)) for n in names}
        out["triples"] = len(self)
        return out

    def no_dependencies(self, assumption: str | None = None) -> list[NoDependency]:
        """Works read for an assumption and found not to rely on it."""
        with self._lock:
            if self._no_deps is None:
                self._no_deps = sorted((
                    NoDependency(
                        slug_of(cast(str, s)), slug_of(cast(str, a)), cast(str, rationale),
                        cast("str | None", locator),
                        slug_of(cast(str, curator)) if curator else None,
                        cast("str | None", created))
                    for _f, s, a, rationale, locator, curator, created
                    in self._select("no_dependencies")),
                    key=lambda n: (n.assumption_id, n.source_id))
            found = self._no_deps
        if assumption is None:
            return list(found)
        aid = slug_of(self.check_id("assumption", assumption))
        return [n for n in found if n.assumption_id == aid]

    def coverage(self) -> list[dict[str, Any]]:
        """Per assumption: arguments requiring it to hold / to fail / arguing it fails,
        exceptions documenting it, forecasts about it, works reviewed without a dependency."""
        rows = []
        none_by: defaultdict[str, int] = defaultdict(int)
        for n in self.no_dependencies():
            none_by[n.assumption_id] += 1
        for a in self.assumptions():
            observed = self._reverse().observations.get(a.id, ())
            rows.append({
                "assumption": a.id,
                "requires_holds": len(self.arguments_assuming(a.id, "holds")),
                "requires_fails": len(self.arguments_assuming(a.id, "fails")),
                "argues_fails": len(self.arguments_assuming(a.id, "argues-fails")),
                "exceptions": len({e.id for e, o in observed if o.status != "predicted"}),
                "forecasts": len({e.id for e, o in observed if o.status == "predicted"}),
                "reviewed_no_dependency": none_by[a.id],
            })
        return rows

    def unlinked(self) -> list[tuple[str, str]]:
        """(id, class) of records with no links: see ``queries/unlinked.rq``."""
        return [(slug_of(cast(str, s)), cast(str, c).removeprefix(LC))
                for s, c in self._select("unlinked")]

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Case-insensitive search over titles, names, summaries, statements and authors."""
        needle = text.strip().casefold()
        if not needle:
            return []
        hits: list[SearchHit] = []

        def score(title: str, *rest: str) -> float:
            s = 2.0 if needle in title.casefold() else 0.0
            return s + sum(1.0 for r in rest if needle in r.casefold())

        for a in self.arguments():
            if sc := score(a.title, a.summary, a.id):
                hits.append(SearchHit("argument", a.id, a.title, sc))
        for e in self.exceptions():
            if sc := score(e.name, e.summary, e.id):
                hits.append(SearchHit("exception", e.id, e.name, sc))
        for x in self.assumptions():
            if sc := score(x.label, x.statement, x.id):
                hits.append(SearchHit("assumption", x.id, x.label, sc))
        for s in self.sources():
            if sc := score(s.title, "; ".join(s.authors), s.id):
                hits.append(SearchHit("source", s.id, s.title, sc))
        hits.sort(key=lambda h: (-h.score, h.kind, h.id))
        return hits[:limit]

    def resolve(self, id: str) -> Any:
        """The record an id or IRI names, whatever its kind (for GraphQL's ``node``)."""
        slug = slug_of(id)
        getters = {
            "phase": self.phase, "property": self.property, "assumption": self.assumption,
            "argument": self.argument, "exception": self.exception, "source": self.source,
            "level": self.level,
        }
        for kind, get in getters.items():
            if slug in self.ids(cast(Kind, kind)):
                return get(slug)
        every = set().union(*(self.ids(cast(Kind, k)) for k in getters))
        near = difflib.get_close_matches(slug[:200], sorted(every), n=3, cutoff=0.5)
        raise UnknownIdError("record", slug[:200], near)

    # ------------------------------------------------------------------ projections

    def to_networkx(self) -> nx.MultiDiGraph:
        from kg.network import project

        return project(self)

    def export(self, format: str = "ttl") -> str:
        from kg.export import export

        return export(self, format)

    def sparql(self, query: str, accept: str | None = None,
               max_bytes: int | None = None, timeout: float | None = None) -> Any:
        """Answer a read-only SPARQL query, serialised as ``accept`` asks (an
        :class:`kg.sparql.Answer`); raises :class:`kg.sparql.SparqlError` for the client's
        mistakes (syntax, updates, too large a result or too slow, an unavailable format).

        With ``timeout`` the query runs in a worker process that is killed at the deadline
        (a thread cannot stop Oxigraph mid-query); without, it runs here, unbounded.
        """
        from kg.sparql import MAX_RESULT_BYTES, run

        cap = max_bytes or MAX_RESULT_BYTES
        if hasattr(self._store, "sparql"):  # a remote endpoint answers for itself
            return self._remote_sparql(query, accept, cap)
        raw = self._raw_store()
        if raw is None:
            raise RuntimeError("this store cannot answer SPARQL directly")
        if timeout is None or timeout <= 0:
            return run(raw, query, accept, cap)
        return self._sparql_pool().ask(query, accept, cap, timeout)

    def _sparql_pool(self) -> Any:
        import pyoxigraph as ox

        from kg.sparql_pool import SparqlPool

        with self._pool_lock:
            if self._pool is None:
                raw = self._raw_store()
                self._pool = SparqlPool(lambda: raw.dump(format=ox.RdfFormat.N_QUADS))
            return self._pool

    def close(self) -> None:
        """Release what serving this graph started (SPARQL worker processes)."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def describe(self, id: str, format: str = "ttl") -> str:
        """One record (any kind) and its parts as Turtle, N-Triples or JSON-LD."""
        from kg.linked import describe

        kind = self.kind_of(id)
        if kind is None:
            self.resolve(id)  # raises UnknownIdError with suggestions
        return describe(self, record_iri(slug_of(id)), format)

    def _remote_sparql(self, query: str, accept: str | None, cap: int) -> Any:
        from kg.remote import RemoteError
        from kg.sparql import Answer, SparqlError, media_type_for, refuse_update, result_kind

        refuse_update(query)
        mt = media_type_for(accept, result_kind(query))
        try:
            body, got = cast(Any, self._store).sparql(query, mt)
        except RemoteError as e:
            raise SparqlError(str(e), 400 if " 400:" in str(e) else 502) from None
        if len(body) > cap:
            raise SparqlError(f"the result is larger than {cap} bytes: narrow the query or add "
                              "LIMIT", 413)
        return Answer(body, got.split(";")[0].strip() or mt)

    def _raw_store(self) -> Any:
        """The embedded Oxigraph store; for a remote endpoint, the published graph fetched
        once (exports need every triple)."""
        raw = getattr(self._store, "raw", None)
        if raw is None and hasattr(self._store, "dump"):
            raw = self._store.dump()
        return raw


__all__ = ["KnowledgeGraph", "SearchHit", "LCD", "contradicts"]
