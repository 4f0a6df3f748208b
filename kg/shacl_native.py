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

_KNOWN = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.minLength,
          SH.pattern, SH.minInclusive, SH.maxInclusive, SH.nodeKind, SH.severity, SH.message}
_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Prop:
    owner: str
    path: str
    inverse: bool
    spec: dict[Any, Any] = field(default_factory=dict)


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
    for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None):
        if isinstance(q.object, ox.NamedNode):
            types[_text(q.subject)].add(q.object.value)
    by_class: dict[str, list[Any]] = defaultdict(list)
    for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None):
        if isinstance(q.object, ox.NamedNode):
            by_class[q.object.value].append(q.subject)
    violations: list[Problem] = []
    warnings: list[Problem] = []

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
            got: dict[str, list[Any]] = defaultdict(list)
            pred = ox.NamedNode(prop.path)
            if prop.inverse:
                for key, node in foci.items():
                    for q in store.quads_for_pattern(None, pred, node):
                        got[key].append(q.subject)
            else:
                for key, node in foci.items():
                    for q in store.quads_for_pattern(node, pred, None):
                        got[key].append(q.object)
            values[(prop.path, prop.inverse)] = got
        if ns.closed:
            for key, node in foci.items():
                for q in store.quads_for_pattern(node, None, None):
                    if q.predicate.value not in allowed:
                        report(ns.name, node, q.predicate.value, "Closed",
                               f"Node {short(key)} is closed. It cannot have value: "
                               f"{short(_text(q.object))}", q.object)
        for prop in ns.props:
            spec = prop.spec
            got = values[(prop.path, prop.inverse)]
            msg = str(spec[SH.message]) if SH.message in spec else None
            sev = spec.get(SH.severity)
            path = ("^" if prop.inverse else "") + prop.path
            for key, node in foci.items():
                vals = got.get(key, [])
                if SH.minCount in spec and len(vals) < int(spec[SH.minCount]):
                    report(ns.name, node, path, "MinCount", msg or "required value missing",
                           None, sev)
                if SH.maxCount in spec and len(vals) > int(spec[SH.maxCount]):
                    report(ns.name, node, path, "MaxCount",
                           msg or "too many values (at most one allowed)", None, sev)
                for v in vals:
                    _check_value(ns.name, node, path, spec, msg, sev, v, types, report, short)
    return violations, warnings


def _check_value(shape: str, node: Any, path: str, spec: dict[Any, Any], msg: str | None,
                 sev: Any, v: Any, types: dict[str, set[str]], report: Any, short: Any) -> None:
    if SH.datatype in spec:
        dt = str(spec[SH.datatype])
        ok = isinstance(v, ox.Literal) and (
            (v.language is not None) if dt == _LANG else
            (v.language is None and v.datatype.value == dt and _lexical_ok(v, dt)))
        if not ok:
            report(shape, node, path, "Datatype",
                   msg or f"Value is not Literal with datatype {short(dt)}", v, sev)
    if SH["class"] in spec:
        want = str(spec[SH["class"]])
        if want not in types.get(_text(v), set()):
            report(shape, node, path, "Class", msg or f"Value does not have class {short(want)}",
                   v, sev)
    if SH["in"] in spec and _text(v) not in spec[SH["in"]]:
        report(shape, node, path, "In", msg or "Value is not in the allowed list", v, sev)
    if SH.nodeKind in spec and str(spec[SH.nodeKind]) == str(SH.IRI) and \
            not isinstance(v, ox.NamedNode):
        report(shape, node, path, "NodeKind", msg or "Value is not an IRI", v, sev)
    if SH.minLength in spec and (isinstance(v, ox.BlankNode) or
                                 len(_text(v)) < int(spec[SH.minLength])):
        report(shape, node, path, "MinLength",
               msg or f"String length not >= {spec[SH.minLength]}", v, sev)
    if SH.pattern in spec and (isinstance(v, ox.BlankNode) or
                               not re.search(str(spec[SH.pattern]), _text(v))):
        report(shape, node, path, "Pattern",
               msg or f"Value does not match pattern '{spec[SH.pattern]}'", v, sev)
    for comp, name, cmp in ((SH.minInclusive, "MinInclusive", lambda a, b: a >= b),
                            (SH.maxInclusive, "MaxInclusive", lambda a, b: a <= b)):
        if comp in spec:
            n = _num(v)
            if n is None or not cmp(n, float(spec[comp])):
                report(shape, node, path, name,
                       msg or f"Value is not {'>=' if name == 'MinInclusive' else '<='} "
                       f"{spec[comp]}", v, sev)


_INT = re.compile(r"^[+-]?[0-9]+$")
_DATE = re.compile(r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$")


def _lexical_ok(v: ox.Literal, dt: str) -> bool:
    """An ill-formed literal (``"abc"^^xsd:integer``) fails sh:datatype, as in pySHACL."""
    if dt == str(XSD.integer):
        return bool(_INT.match(v.value))
    if dt == str(XSD.date):
        return bool(_DATE.match(v.value))
    return True
