"""SHACL validation of ontology + data against ``ontology/shapes.ttl``, reported per record."""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rdflib
from rdflib.namespace import SH

from kg.errors import Problem
from kg.gc_pause import gc_paused
from kg.namespaces import LC, LCD, PREFIXES
from kg.resources import shapes_file

if TYPE_CHECKING:
    from kg.checks import LineIndex

_COMPONENT = re.compile(r"ConstraintComponent$")


@lru_cache(maxsize=4)
def _shapes(path: str, mtime: float) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


def shapes_graph() -> rdflib.Graph:
    p = shapes_file()
    return _shapes(str(p), p.stat().st_mtime)


def _short(term: object) -> str:
    s = str(term)
    for prefix, ns in PREFIXES.items():
        if s.startswith(ns):
            return f"{prefix}:{s[len(ns):]}"
    if s.startswith("https://w3id.org/lifecycle-kg/shapes#"):
        return "lcs:" + s.split("#", 1)[1]
    if s.startswith(str(SH)):
        return "sh:" + s[len(str(SH)):]
    return s


def _path_text(g: rdflib.Graph, path: object) -> str:
    if isinstance(path, rdflib.BNode):
        inv = g.value(path, SH.inversePath)
        if inv is not None:
            return "^" + _short(inv)
    return _short(path) if path is not None else ""


@lru_cache(maxsize=4)
def _split(path: str, mtime: float) -> tuple[rdflib.Graph, tuple[tuple[str, str, str], ...]]:
    """The shapes without their SPARQL constraints, and each SPARQL constraint as
    (shape, message, whole-graph query): the same rule, asked once for every focus node."""
    full = _shapes(path, mtime)
    core = rdflib.Graph()
    for prefix, ns in full.namespaces():
        core.bind(prefix, ns)
    for t in full:
        core.add(t)
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + \
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    out = []
    for shape, constraint in list(full.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
        for p, o in list(full.predicate_objects(constraint)):
            core.remove((constraint, p, o))
        target = full.value(shape, SH.targetClass)
        select = str(full.value(constraint, SH.select))
        message = str(full.value(constraint, SH.message) or "constraint not met")
        if target is None:
            raise ValueError(f"SPARQL constraint on {shape} needs the shape's sh:targetClass")
        text = select.replace("$this", "?this")
        where = re.search(r"WHERE\s*\{", text, re.IGNORECASE)
        assert where is not None, select
        text = (text[:where.end()] + f" ?this a <{target}> . " + text[where.end():])
        if "?value" not in text.split("WHERE", 1)[0]:
            text = text.replace("SELECT ?this", "SELECT ?this (?this AS ?value)", 1) \
                if "GROUP BY" not in text else text
        out.append((_short(shape), message, prefixes + text))
    return core, tuple(out)


@lru_cache(maxsize=4)
def _compiled(path: str, mtime: float) -> list[Any]:
    from kg.shacl_native import compile_shapes

    return compile_shapes(_split(path, mtime)[0])


def _sparql_problems(data: rdflib.Graph | None, store: object | None) -> list[Problem]:
    """Run each SPARQL constraint once over the whole graph (on Oxigraph when the loader
    has the store) instead of once per focus node as pySHACL does: the same answers,
    found in one query per rule."""
    shapes = shapes_file()
    _core, constraints = _split(str(shapes), shapes.stat().st_mtime)
    out = []
    for shape, message, query in constraints:
        if store is not None:
            import pyoxigraph as ox

            answers = store.query(  # type: ignore[attr-defined]
                query, use_default_graph_as_union=True)
            rows = [(r["this"], _binding(r, "value")) for r in answers]
            pairs = [(t.value if isinstance(t, ox.NamedNode) else str(t),
                      _term_text(v)) for t, v in rows]
        else:
            pairs = [(str(r[0]), _term_text(r[1]) if len(r) > 1 else None)  # type: ignore[index,arg-type]
                     for r in data.query(query)]  # type: ignore[union-attr]
        seen = set()
        for this, value in pairs:
            if (this, value) in seen:
                continue
            seen.add((this, value))
            text = message
            if value is not None and value != this and value not in text and len(value) < 120:
                text += f" (value: {_short(value)})"
            out.append(Problem(None, None, text, focus=_short(this), rule=f"{shape} SPARQL"))
    return out


def _binding(row: Any, name: str) -> object | None:
    try:
        return row[name]  # type: ignore[no-any-return]
    except (KeyError, IndexError):
        return None


def _term_text(term: object) -> str | None:
    if term is None:
        return None
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def shacl_problems(data: rdflib.Graph | None, store: object | None = None
                   ) -> tuple[list[Problem], list[Problem]]:
    """(violations, warnings), each located at its focus node (file and line filled later).

    pySHACL checks the core constraints; the SPARQL constraints of the same shapes file are
    asked once each over the whole graph (see :func:`_sparql_problems`). A test keeps the
    two routes giving exactly pySHACL's own results on every fixture.
    """
    with gc_paused():
        return _shacl_problems(data, store)


def _shacl_problems(data: rdflib.Graph | None, store: object | None
                    ) -> tuple[list[Problem], list[Problem]]:
    import pyshacl

    shapes = shapes_file()
    core, _constraints = _split(str(shapes), shapes.stat().st_mtime)
    if store is not None:
        import pyoxigraph as ox

        from kg.shacl_native import check

        if isinstance(store, ox.Store):
            found, noted = check(store, _compiled(str(shapes), shapes.stat().st_mtime), _short)
            found += _sparql_problems(data, store)
            order = lambda p: (p.focus or "", p.message)  # noqa: E731
            return sorted(found, key=order), sorted(noted, key=order)
    if data is None:
        from kg.terms import to_graph

        data = to_graph(store.quads_for_pattern(None, None, None))  # type: ignore[union-attr]
    conforms, results, _text = pyshacl.validate(
        data, shacl_graph=core, inference="none", allow_warnings=True,
        abort_on_first=False,
    )
    violations: list[Problem] = []
    warnings: list[Problem] = []
    rg: rdflib.Graph = results  # type: ignore[assignment]
    for r in rg.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = rg.value(r, SH.focusNode)
        path = _path_text(rg, rg.value(r, SH.resultPath))
        msg = str(rg.value(r, SH.resultMessage) or "constraint not met")
        shape = rg.value(r, SH.sourceShape)
        comp = _COMPONENT.sub("", _short(rg.value(r, SH.sourceConstraintComponent)))
        value = rg.value(r, SH.value)
        shape_name = _short(shape) if isinstance(shape, rdflib.URIRef) else ""
        if isinstance(shape, rdflib.BNode):
            owner = shapes_graph().value(predicate=SH.property, object=shape)
            shape_name = _short(owner) if owner is not None else ""
        custom = rg.value(r, SH.resultMessage) is not None and not msg.startswith(
            ("Less than", "More than"))
        if not custom and comp == "sh:MinCount":
            msg = "required value missing"
        elif not custom and comp == "sh:MaxCount":
            msg = "too many values (at most one allowed)"
        rule = " ".join(x for x in (shape_name, path, comp.removeprefix("sh:")) if x)
        text = f"{path}: {msg}" if path and path not in msg else msg
        if value is not None and str(value) not in text and len(str(value)) < 120:
            text += f" (value: {_short(value)})"
        p = Problem(None, None, text, focus=_short(focus), rule=rule)
        severity = rg.value(r, SH.resultSeverity)
        (warnings if severity == SH.Warning else violations).append(p)
    violations += _sparql_problems(data, store)
    key = lambda p: (p.focus or "", p.message)  # noqa: E731
    return sorted(violations, key=key), sorted(warnings, key=key)


def locate(problems: list[Problem], subject_files: dict[str, list[Path]],
           lines: LineIndex | None = None) -> list[Problem]:
    """Fill in file and line for problems whose focus node is a record described in a file
    (one pass per file, however many problems)."""
    from kg.checks import LineIndex

    lines = lines or LineIndex()
    out = []
    for p in problems:
        iri = (LCD + p.focus[4:]) if p.focus and p.focus.startswith("lcd:") else p.focus
        if iri and iri.startswith("lc:"):
            iri = LC + iri[3:]
        files = subject_files.get(iri or "", [])
        if not files:
            out.append(p)
            continue
        f = files[0]
        out.append(Problem(f, lines.line(f, iri or ""), p.message, p.focus, p.rule))
    return out


def fingerprint(files: list[Path]) -> str:
    """A hash of everything validation depends on: shapes and every input file."""
    h = hashlib.sha256()
    for f in [shapes_file(), *files]:
        h.update(str(f.name).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "lifecycle-kg" / "validated"
