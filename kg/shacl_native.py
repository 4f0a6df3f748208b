"""The core SHACL constraints of ``ontology/shapes.ttl``, checked on the Oxigraph store.

pySHACL walks every focus node in Python over an rdflib copy of the graph; here each shape's
values are fetched in one query per property and checked in one pass, which is what makes
validation of a large graph take seconds. Only the constraint components the shapes use are
implemented; an unknown one is an error, not a silent pass. pySHACL stays the oracle: a test
compares both on every fixture and on seeded corruptions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH, XSD

from kg.errors import Problem
from kg.store import check_iri

_KNOWN = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.minLength,
          SH.pattern, SH.minInclusive, SH.maxInclusive, SH.nodeKind, SH.severity, SH.message}
_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Prop:
    owner: str
    path: str
    inverse: bool
    spec: dict[Any, Any] = field(default_factory=dict)
    # the spec read once into plain values (the checks run per value, millions of times)
    min_count: int | None = None
    max_count: int | None = None
    datatype: str | None = None
    cls: str | None = None
    allowed: set[str] | None = None
    min_length: int | None = None
    pattern: re.Pattern[str] | None = None
    pattern_text: str = ""
    min_incl: float | None = None
    max_incl: float | None = None
    iri_only: bool = False
    warning: bool = False
    message: str | None = None

    def __post_init__(self) -> None:
        sp = self.spec
        get: Any = sp.get
        self.min_count = int(get(SH.minCount)) if SH.minCount in sp else None
        self.max_count = int(get(SH.maxCount)) if SH.maxCount in sp else None
        self.datatype = str(get(SH.datatype)) if SH.datatype in sp else None
        self.cls = str(get(SH["class"])) if SH["class"] in sp else None
        self.allowed = get(SH["in"])
        self.min_length = int(get(SH.minLength)) if SH.minLength in sp else None
        if SH.pattern in sp:
            self.pattern_text = str(get(SH.pattern))
            self.pattern = re.compile(self.pattern_text)
        self.min_incl = float(get(SH.minInclusive)) if SH.minInclusive in sp else None
        self.max_incl = float(get(SH.maxInclusive)) if SH.maxInclusive in sp else None
        self.iri_only = SH.nodeKind in sp and str(get(SH.nodeKind)) == str(SH.IRI)
        self.warning = get(SH.severity) == SH.Warning
        self.message = str(get(SH.message)) if SH.message in sp else None


@dataclass
class NodeShape:
    name: str
    targets: list[str]
    closed: bool
    ignored: set[str]
    node_kind: str | None
    pattern: str | None
    message: str | None
    props: list[Prop]


def compile_shapes(shapes: rdflib.Graph) -> list[NodeShape]:
    out = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = [str(t) for t in shapes.objects(shape, SH.targetClass)]
        if not targets:
            continue
        ignored = set()
        lst = shapes.value(shape, SH.ignoredProperties)
        if lst is not None:
            ignored = {str(x) for x in rdflib.collection.Collection(shapes, lst)}
        props = []
        for ps in shapes.objects(shape, SH.property):
            path = shapes.value(ps, SH.path)
            inverse = False
            if isinstance(path, rdflib.BNode):
                path, inverse = shapes.value(path, SH.inversePath), True
            spec: dict[Any, Any] = {}
            for p, o in shapes.predicate_objects(ps):
                if p not in _KNOWN:
                    raise ValueError(f"shape {shape}: constraint {p} is not implemented")
                if p == SH["in"]:
                    spec[p] = {str(x) for x in rdflib.collection.Collection(shapes, o)}
                elif p != SH.path:
                    spec[p] = o
            props.append(Prop(str(shape), str(path), inverse, spec))
        kind = shapes.value(shape, SH.nodeKind)
        pattern = shapes.value(shape, SH.pattern)
        message = shapes.value(shape, SH.message)
        closed = shapes.value(shape, SH.closed) == rdflib.Literal(True)
        out.append(NodeShape(str(shape), targets, closed, ignored,
                             str(kind) if kind else None, str(pattern) if pattern else None,
                             str(message) if message else None, props))
    return out


def _text(term: Any) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)


def _num(term: Any) -> float | None:
    try:
        return float(term.value) if isinstance(term, ox.Literal) else None
    except ValueError:
        return None


def check(store: ox.Store, shapes: list[NodeShape], short: Any) -> tuple[list[Problem],
                                                                          list[Problem]]:
    """(violations, warnings) with focus, message and rule as the pySHACL route gives them."""
    types: dict[str, set[str]] = defaultdict(set)
    by_class: dict[str, list[Any]] = defaultdict(list)
    for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None):
        if isinstance(q.object, ox.NamedNode):
            types[_text(q.subject)].add(q.object.value)
            by_class[q.object.value].append(q.subject)
    violations: list[Problem] = []
    warnings: list[Problem] = []
    closed_shapes: list[tuple[NodeShape, dict[str, Any], set[str]]] = []

    def report(shape: str, focus: Any, path: str, comp: str, msg: str, value: Any,
               severity: Any = None) -> None:
        p_text = ("^" + short(path[1:]) if path.startswith("^") else short(path)) if path else ""
        text = f"{p_text}: {msg}" if p_text and p_text not in msg else msg
        if value is not None:
            v = _text(value)
            if v not in text and len(v) < 120:
                text += f" (value: {short(v)})"
        rule = " ".join(x for x in (short(shape), p_text, comp) if x)
        (warnings if severity == SH.Warning else violations).append(
            Problem(None, None, text, focus=short(_text(focus)), rule=rule))

    for ns in shapes:
        foci: dict[str, Any] = {}
        for c in ns.targets:
            for s in by_class.get(c, []):
                foci[_text(s)] = s
        if not foci:
            continue
        if ns.node_kind or ns.pattern:
            rx = re.compile(ns.pattern) if ns.pattern else None
            for key, node in foci.items():
                bad = (ns.node_kind == str(SH.IRI) and not isinstance(node, ox.NamedNode)) or \
                    (rx is not None and not rx.search(key))
                if bad:
                    report(ns.name, node, "", "Pattern" if rx else "NodeKind",
                           ns.message or "node does not match the pattern", None)
        allowed = set(ns.ignored) | {p.path for p in ns.props if not p.inverse}
        values: dict[tuple[str, bool], dict[str, list[Any]]] = {}
        for prop in ns.props:
            # one scan of the predicate for all focus nodes, not one lookup per node
            got: dict[str, list[Any]] = defaultdict(list)
            for q in store.quads_for_pattern(None, ox.NamedNode(prop.path), None):
                if prop.inverse:
                    key = _text(q.object)
                    if key in foci:
                        got[key].append(q.subject)
                else:
                    key = _text(q.subject)
                    if key in foci:
                        got[key].append(q.object)
            values[(prop.path, prop.inverse)] = got
        if ns.closed:
            closed_shapes.append((ns, foci, allowed))
        for prop in ns.props:
            got = values[(prop.path, prop.inverse)]
            msg = prop.message
            sev = SH.Warning if prop.warning else None
            path = ("^" if prop.inverse else "") + prop.path
            value_checks = (prop.datatype or prop.cls or prop.allowed is not None or
                            prop.min_length is not None or prop.pattern is not None or
                            prop.min_incl is not None or prop.max_incl is not None or
                            prop.iri_only)
            for key, node in foci.items():
                vals = got.get(key, ())
                if prop.min_count is not None and len(vals) < prop.min_count:
                    report(ns.name, node, path, "MinCount", msg or "required value missing",
                           None, sev)
                if prop.max_count is not None and len(vals) > prop.max_count:
                    report(ns.name, node, path, "MaxCount",
                           msg or "too many values (at most one allowed)", None, sev)
                if value_checks:
                    for v in vals:
                        _check_value(ns.name, node, path, prop, msg, sev, v, types, report,
                                     short)
    for ns, _foci, allowed in closed_shapes:
        # closed shapes: the store finds the triples outside the allowed predicates (in Rust),
        # instead of a Python pass over every triple; only offending triples come back
        targets = " ".join(f"<{check_iri(c)}>" for c in sorted(ns.targets))
        keep = ", ".join(f"<{check_iri(p)}>" for p in sorted(allowed))
        query = (f"SELECT ?s ?p ?o WHERE {{ VALUES ?c {{ {targets} }} ?s a ?c . ?s ?p ?o . "
                 f"FILTER (isIRI(?s)" + (f" && ?p NOT IN ({keep})" if keep else "") + ") }")
        seen: set[tuple[Any, Any, Any]] = set()
        rows = store.query(query, use_default_graph_as_union=True)
        assert isinstance(rows, ox.QuerySolutions)
        for row in rows:
            s, p, o = row["s"], row["p"], row["o"]
            if (s, p, o) in seen:  # a subject typed twice (two target classes) is one focus
                continue
            seen.add((s, p, o))
            report(ns.name, s, p.value, "Closed",
                   f"Node {short(s.value)} is closed. It cannot have value: "
                   f"{short(_text(o))}", o)
    return violations, warnings


def _check_value(shape: str, node: Any, path: str, prop: Prop, msg: str | None,
                 sev: Any, v: Any, types: dict[str, set[str]], report: Any, short: Any) -> None:
    if prop.datatype is not None:
        dt = prop.datatype
        ok = isinstance(v, ox.Literal) and (
            (v.language is not None) if dt == _LANG else
            (v.language is None and v.datatype.value == dt and _lexical_ok(v, dt)))
        if not ok:
            report(shape, node, path, "Datatype",
                   msg or f"Value is not Literal with datatype {short(dt)}", v, sev)
    if prop.cls is not None and prop.cls not in types.get(_text(v), ()):
        report(shape, node, path, "Class", msg or f"Value does not have class {short(prop.cls)}",
               v, sev)
    if prop.allowed is not None and _text(v) not in prop.allowed:
        report(shape, node, path, "In", msg or "Value is not in the allowed list", v, sev)
    if prop.iri_only and not isinstance(v, ox.NamedNode):
        report(shape, node, path, "NodeKind", msg or "Value is not an IRI", v, sev)
    if prop.min_length is not None and (isinstance(v, ox.BlankNode) or
                                        len(_text(v)) < prop.min_length):
        report(shape, node, path, "MinLength",
               msg or f"String length not >= {prop.min_length}", v, sev)
    if prop.pattern is not None and (isinstance(v, ox.BlankNode) or
                                     not prop.pattern.search(_text(v))):
        report(shape, node, path, "Pattern",
               msg or f"Value does not match pattern '{prop.pattern_text}'", v, sev)
    if prop.min_incl is not None:
        n = _num(v)
        if n is None or n < prop.min_incl:
            report(shape, node, path, "MinInclusive",
                   msg or f"Value is not >= {prop.min_incl:g}", v, sev)
    if prop.max_incl is not None:
        n = _num(v)
        if n is None or n > prop.max_incl:
            report(shape, node, path, "MaxInclusive",
                   msg or f"Value is not <= {prop.max_incl:g}", v, sev)


_INT = re.compile(r"^[+-]?[0-9]+$")
_DATE = re.compile(r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$")


_XSD_INTEGER = str(XSD.integer)
_XSD_DATE = str(XSD.date)


def _lexical_ok(v: ox.Literal, dt: str) -> bool:
    """An ill-formed literal (``"abc"^^xsd:integer``) fails sh:datatype, as in pySHACL."""
    if dt == _XSD_INTEGER:
        return bool(_INT.match(v.value))
    if dt == _XSD_DATE:
        return bool(_DATE.match(v.value))
    return True
