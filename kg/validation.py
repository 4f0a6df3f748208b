"""SHACL validation of ontology + data against ``ontology/shapes.ttl``, reported per record."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import rdflib
from rdflib.namespace import SH

from kg.errors import Problem
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


@lru_cache(maxsize=256)
def _prepared(text: str, base: str | None, ns: tuple[tuple[str, str], ...]) -> object:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(ns))


_patch_lock = threading.Lock()
_patch_depth = 0


@contextmanager
def _prepared_sparql() -> Iterator[None]:
    """While validating, parse each SPARQL text once instead of once per focus node.

    pyshacl sends the same text of an ``sh:sparql`` constraint for every focus node, with only
    the bindings changing, and rdflib re-parses it each time (90% of validation time at 20k
    triples). A parsed query is reused with new bindings exactly as ``prepareQuery`` results
    are, so answers are unchanged; the patch is undone when the last validation ends.
    """
    global _patch_depth
    from rdflib.plugins.sparql import processor

    cls = processor.SPARQLProcessor
    with _patch_lock:
        if _patch_depth == 0:
            original = cls.query

            def query(self, strOrQuery, initBindings=None, initNs=None, base=None,  # type: ignore[no-untyped-def]
                      DEBUG=False):
                if isinstance(strOrQuery, str):
                    ns = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
                    strOrQuery = _prepared(strOrQuery, base, ns)
                return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

            query._kg_original = original  # type: ignore[attr-defined]
            cls.query = query  # type: ignore[method-assign]
        _patch_depth += 1
    try:
        yield
    finally:
        with _patch_lock:
            _patch_depth -= 1
            if _patch_depth == 0:
                cls.query = cls.query._kg_original  # type: ignore[attr-defined,method-assign]


def shacl_problems(data: rdflib.Graph) -> tuple[list[Problem], list[Problem]]:
    """(violations, warnings), each located at its focus node (file and line filled later)."""
    import pyshacl

    with _prepared_sparql():
        conforms, results, _text = pyshacl.validate(
            data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True,
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


def line_of(path: Path, iri: str) -> int | None:
    """First line of a file where the subject is written (prefixed or in full)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    names = [re.escape(f"<{iri}>")]
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            names.append(re.escape(f"{prefix}:{iri[len(ns):]}") + r"(?![\w.-])")
    pat = re.compile(r"^\s*(?:" + "|".join(names) + ")", re.MULTILINE)
    m = pat.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


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
