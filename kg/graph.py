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
    Observation,
    Phase,
    ScenarioReport,
    Source,
    Status,
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
_DIRECTION: dict[str, Direction] = {LC + "AssumesHolds": "holds", LC + "AssumesFails": "fails"}
_EVIDENCE: dict[str, EvidenceKind] = {
    LC + "ExplicitInSource": "explicit",
    LC + "CuratorReading": "interpreted",
}
_STATUS: dict[str, Status] = {
    LC + "Violated": "violated",
    LC + "Weakened": "weakened",
    LC + "ShownToHold": "holds",
}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)?$")


def _undermines(direction: Direction, status: Status) -> bool:
    return status in ("violated", "weakened") if direction == "holds" else status == "holds"


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
        self._reverse_index: _Reverse | None = None
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

                raw = getattr(self._store, "raw", None)
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
            raise UnknownIdError(kind, text[:200], near)
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
                out: dict[str, Source] = {}
                for s, title, authors, year, url, arxiv, doi, venue in self._select("sources"):
                    iri = cast(str, s)
                    out[slug_of(iri)] = Source(
                        slug_of(iri), iri, cast(str, title),
                        tuple(a.strip() for a in cast(str, authors).split(";") if a.strip()),
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
                for arg, a, direction, evidence, locator, rationale, curator, created in (
                    self._select("dependencies")
                ):
                    deps[cast(str, arg)].append(Dependency(
                        slug_of(cast(str, a)), _DIRECTION[cast(str, direction)],
                        _EVIDENCE[cast(str, evidence)], cast(str, locator), cast(str, rationale),
                        slug_of(cast(str, curator)) if curator else None,
                        cast("str | None", created),
                    ))
                rel: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
                for arg, relation, target in self._select("responses"):
                    rel[cast(str, arg)][cast(str, relation)].append(slug_of(cast(str, target)))
                sources = self._sources_by_id()
                out: dict[str, Argument] = {}
                for arg, title, summary, kind, source in self._select("arguments"):
                    iri = cast(str, arg)
                    r = rel.get(iri, {})
                    out[slug_of(iri)] = Argument(
                        slug_of(iri), iri, cast(str, title), cast(str, summary), cast(str, kind),
                        sources[slug_of(cast(str, source))],
                        tuple(sorted(deps.get(iri, []), key=lambda d: d.assumption_id)),
                        tuple(sorted(r.get(LC + "respondsTo", []))),
                        tuple(sorted(r.get(LC + "disputes", []))),
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
        """Assumption IRI -> (argument IRI, direction) for every dependency, from one run of
        ``arguments_by_assumption.rq`` over the whole graph."""
        with self._lock:
            if self._needs is None:
                index: dict[str, list[tuple[str, Direction]]] = defaultdict(list)
                for arg, a, d in self._select("arguments_by_assumption"):
                    index[cast(str, a)].append((cast(str, arg), _DIRECTION[cast(str, d)]))
                self._needs = {a: tuple(v) for a, v in index.items()}
            return self._needs

    def arguments_assuming(
        self, assumption: str | Sequence[str], direction: Direction | None = None
    ) -> list[Argument]:
        """Arguments that need the assumption(s) to hold (``direction='holds'``), to fail
        (``'fails'``), or either (``None``)."""
        names = [assumption] if isinstance(assumption, str) else list(assumption)
        iris = [self.check_id("assumption", a) for a in names]
        if direction not in (None, "holds", "fails"):
            raise ValueError(f"direction must be 'holds', 'fails' or None, not {direction!r}")
        needs = self._needs_index()
        return self._arguments_for(arg for a in iris for arg, d in needs.get(a, ())
                                   if direction is None or d == direction)

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
                for e, a, status, evidence, locator, rationale in self._select("observations"):
                    obs[cast(str, e)].append(Observation(
                        slug_of(cast(str, a)), _STATUS[cast(str, status)],
                        _EVIDENCE[cast(str, evidence)], cast(str, locator), cast(str, rationale),
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
        self, assumption: str, status: Status | None = None
    ) -> list[ExceptionCase]:
        """Exceptions with an observation on the assumption (optionally with that status)."""
        aid = slug_of(self.check_id("assumption", assumption))
        if status not in (None, "violated", "weakened", "holds"):
            raise ValueError(f"status must be violated, weakened, holds or None, not {status!r}")
        hits = {e.id: e for e, o in self._reverse().observations.get(aid, ())
                if status is None or o.status == status}
        return [hits[h] for h in sorted(hits)]

    # ------------------------------------------------------------------ undermining

    def underminings(
        self, argument: str | None = None, exception: str | None = None
    ) -> list[Undermining]:
        """Pairs (exception, argument, assumption) where the exception shows an assumption the
        argument relies on taking the opposite value: violated or weakened where the argument
        needs it to hold, holding where it needs it to fail (``queries/underminings.rq`` states
        the same rule in SPARQL; a test keeps the two in step)."""
        if exception is not None and argument is None:
            exc, needs = self.exception(exception), self._needs_index()
            out = {
                Undermining(exc.id, slug_of(arg), o.assumption_id, o.status, d)
                for o in exc.observations
                for arg, d in needs.get(record_iri(o.assumption_id), ())
                if _undermines(d, o.status)
            }
        else:
            args = [self.argument(argument)] if argument is not None else self.arguments()
            only = self.exception(exception).id if exception is not None else None
            observations = self._reverse().observations
            out = {
                Undermining(e.id, a.id, d.assumption_id, o.status, d.direction)
                for a in args
                for d in a.dependencies
                for e, o in observations.get(d.assumption_id, ())
                if (only is None or e.id == only) and _undermines(d.direction, o.status)
            }
        return sorted(out, key=lambda u: (u.argument_id, u.exception_id, u.assumption_id))

    def exceptions_undermining(self, argument: str) -> list[Undermining]:
        return self.underminings(argument=argument)

    def arguments_undermined_by(self, exception: str) -> list[Undermining]:
        return self.underminings(exception=exception)

    # ------------------------------------------------------------------ scenarios

    def evaluate(
        self,
        facts: Mapping[str, bool] | Iterable[Fact] = (),
        from_exception: str | None = None,
    ) -> ScenarioReport:
        """The verdict for every argument under some facts about assumptions.

        An argument is *undermined* if a fact contradicts something it needs (the broken
        assumptions are named), *supported* if facts agree with some of its needs and contradict
        none, and *unaffected* otherwise. An exception contributes its observations as facts:
        violated and weakened count as the assumption failing; explicit facts win over them.
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
        broken: dict[str, set[str]] = defaultdict(set)
        support: dict[str, set[str]] = defaultdict(set)
        index = self._needs_index()
        for a in iris:
            aid = slug_of(a)
            for arg, d in index.get(a, ()):
                (support if given[aid] == (d == "holds") else broken)[slug_of(arg)].add(aid)
        verdicts = []
        for gid in sorted(self.ids("argument")):
            if gid in broken:
                verdicts.append(Verdict(gid, "undermined", tuple(sorted(broken[gid])),
                                        tuple(sorted(support.get(gid, ())))))
            elif gid in support:
                verdicts.append(Verdict(gid, "supported", (), tuple(sorted(support[gid]))))
            else:
                verdicts.append(Verdict(gid, "unaffected"))
        return ScenarioReport(tuple(Fact(a, h) for a, h in sorted(given.items())),
                              tuple(verdicts))

    # ------------------------------------------------------------------ summaries

    def stats(self) -> dict[str, int]:
        """Counts per class, plus triples."""
        counts = {slug_of(cast(str, c)).removeprefix(LC): cast(int, n)
                  for c, n in self._select("class_counts")}
        names = ["Phase", "LifecycleProperty", "Level", "Archetype", "Assumption", "Argument",
                 "Dependency", "Source", "Exception", "Observation"]
        out = {n: counts.get(LC + n, counts.get(n, 0)) for n in names}
        out["triples"] = len(self)
        return out

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

    def _raw_store(self) -> Any:
        return getattr(self._store, "raw", None)


__all__ = ["KnowledgeGraph", "SearchHit", "LCD"]
