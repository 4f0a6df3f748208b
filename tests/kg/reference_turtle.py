"""The canonical Turtle writer as it was before it read Oxigraph's N-Triples dump (one Python
object per term): kept as the oracle the faster writer must match byte for byte."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from kg.namespaces import DCTERMS, LC, OWL, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

_RDF_TYPE = RDF + "type"
#: Predicates in the order a reader wants them; the rest follow alphabetically.
_PREDICATE_ORDER = [
    _RDF_TYPE, RDFS + "label", SKOS + "prefLabel", DCTERMS + "title", LC + "hasAuthor",
    LC + "position", LC + "name", LC + "year", LC + "venue", SCHEMA + "url", LC + "arxivId",
    LC + "doi", RDFS + "seeAlso",
    LC + "kind", RDFS + "comment", LC + "summary", LC + "statement", DCTERMS + "source",
    LC + "phase", LC + "order", LC + "scale", LC + "unit", LC + "levels", SKOS + "inScheme",
    LC + "rank", LC + "archetype", LC + "value", LC + "aboutProperty", LC + "expectedValue",
    LC + "assumption", LC + "direction", LC + "strength", LC + "inGroup", LC + "combination",
    LC + "status", LC + "evidence", LC + "locator", LC + "rationale", LC + "hasDependency",
    LC + "hasPremiseGroup", LC + "hasObservation", LC + "respondsTo", LC + "disputes",
    LC + "illustrates", PROV + "wasAttributedTo", DCTERMS + "created", LC + "reviewedBy",
    LC + "reviewedOn", LC + "reviewOutcome", LC + "versionRead", LC + "copyRead",
]
_PRANK = {p: i for i, p in enumerate(_PREDICATE_ORDER)}
#: Records of these classes come first, in this order.
_CLASS_ORDER = [
    OWL + "Ontology", OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty",
    LC + "Curator", LC + "Phase", LC + "LifecycleProperty", LC + "Assumption", LC + "Source",
    LC + "Argument", LC + "Exception",
]
_CRANK = {c: i for i, c in enumerate(_CLASS_ORDER)}
_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: control characters are escaped too, so a data file never turns binary for git
_ESC_RE = re.compile(r'[\\"\x00-\x1f\x7f]')


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return _ESC.get(c) or f"\\u{ord(c):04X}"


def _name(iri: str, used: set[str]) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            local = iri[len(ns):]
            if _LOCAL.match(local):
                used.add(prefix)
                return f"{prefix}:{local}"
    return f"<{iri}>"


def _literal(lit: ox.Literal, used: set[str]) -> str:
    text = '"' + _ESC_RE.sub(_escape, lit.value) + '"'
    if lit.language:
        return f"{text}@{lit.language}"
    dt = lit.datatype.value
    if dt == XSD + "string":
        return text
    if dt == XSD + "integer" and re.fullmatch(r"[+-]?[0-9]+", lit.value):
        return lit.value
    if dt == XSD + "boolean" and lit.value in ("true", "false"):
        return lit.value
    return f"{text}^^{_name(dt, used)}"


def _term(t: object, used: set[str]) -> str:
    if isinstance(t, ox.NamedNode):
        return _name(t.value, used)
    if isinstance(t, ox.Literal):
        return _literal(t, used)
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    raise TypeError(f"cannot write {t!r}")


def _owner(subject: str, subjects: set[str]) -> str:
    base = subject
    while "." in base.rsplit("/", 1)[-1]:
        base = base.rsplit(".", 1)[0]
        if base in subjects:
            return base
    return subject


def canonical_turtle(triples: Iterable[ox.Triple | ox.Quad]) -> str:
    by_subject: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    keys: dict[str, object] = {}
    for t in triples:
        subj = t.subject
        if isinstance(subj, ox.NamedNode):
            skey = subj.value
        elif isinstance(subj, ox.BlankNode):
            skey = "_:" + subj.value
        else:
            raise TypeError(f"cannot write a quoted triple as subject: {subj!r}")
        keys[skey] = subj
        by_subject[skey][t.predicate.value].append(t.object)
    subjects = set(by_subject)
    used: set[str] = set()
    written: dict[object, str] = {}  # terms repeat a lot (classes, predicates, assumptions)

    def term(o: object) -> str:
        text = written.get(o)
        if text is None:
            text = written[o] = _term(o, used)
        return text

    def rank(s: str) -> int:
        types = [o.value for o in by_subject[s].get(_RDF_TYPE, []) if isinstance(o, ox.NamedNode)]
        return min((_CRANK.get(c, len(_CLASS_ORDER)) for c in types), default=len(_CLASS_ORDER) + 1)

    owners = {s: _owner(s, subjects) for s in subjects}
    ranks = {o: rank(o) for o in set(owners.values())}
    order = sorted(subjects, key=lambda s: (ranks[owners[s]], owners[s], s != owners[s], s))
    pnames = {p: ("a" if p == _RDF_TYPE else _name(p, used))
              for p in {p for preds in by_subject.values() for p in preds}}
    blocks = []
    for s_key in order:
        preds = by_subject[s_key]
        lines = []
        for p in sorted(preds, key=lambda p: (_PRANK.get(p, len(_PRANK)), p)):
            objs = preds[p]
            if len(objs) == 1:
                lines.append(f"{pnames[p]} {term(objs[0])}")
            else:
                lines.append(f"{pnames[p]} " + " ,\n        ".join(sorted({term(o) for o in objs})))
        blocks.append(term(keys[s_key]) + " " + " ;\n    ".join(lines) + " .\n")
    header = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(used))
    return header + "\n" + "\n".join(blocks) if blocks else header
