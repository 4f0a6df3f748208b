"""Structural checks made where data enters, before SHACL: the things a data file can get
wrong that the shapes cannot see (bytes, prefixes, unknown vocabulary, foreign or untyped
subjects). Every data rule the test suite relies on runs here or in the shapes, so
``validate`` and ``serve`` refuse what ``make test`` would.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Problem
from kg.namespaces import LC, LCD, PREFIXES, RDF
from kg.store import OxigraphStore

RDF_TYPE = RDF + "type"

_PREFIX = re.compile(rb"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.M | re.I)


def lexical_problems(f: Path, data: bytes) -> list[Problem]:
    """Byte-level problems a parser reports badly: a BOM, a prefix bound twice."""
    out = []
    if data.startswith(b"\xef\xbb\xbf"):
        out.append(Problem(f, 1, "the file starts with a byte-order mark (U+FEFF, bytes EF BB "
                           "BF) before the first character; save it as UTF-8 without BOM",
                           rule="utf8-no-bom"))
    seen: dict[bytes, tuple[bytes, int]] = {}
    for m in _PREFIX.finditer(data):
        name, iri = m.group(1) or b"", m.group(2)
        line = data.count(b"\n", 0, m.start()) + 1
        if name in seen and seen[name][0] != iri:
            first_iri, first_line = seen[name]
            out.append(Problem(
                f, line, f"prefix {name.decode(errors='replace')}: is bound to "
                f"<{iri.decode(errors='replace')}> here but to "
                f"<{first_iri.decode(errors='replace')}> at line {first_line}; a prefix means "
                "one namespace per file", rule="one-prefix-one-namespace"))
        else:
            seen.setdefault(name, (iri, line))
    return out


class LineIndex:
    """First line of each subject per file, built in one pass per file (linear, however many
    problems are reported)."""

    #: a name at the start of a line followed by a predicate (not by , ; or . as an object in
    #: a continued list would be)
    _SUBJECT = re.compile(r"^[ \t]*(<[^>\s]*>|[A-Za-z][\w-]*:[^\s;,.]*(?:\.[^\s;,.]+)*)"
                          r"[ \t]+(?=[^\s,.;])", re.M)

    def __init__(self) -> None:
        self._lines: dict[Path, dict[str, int]] = {}

    def _index(self, path: Path) -> dict[str, int]:
        got = self._lines.get(path)
        if got is None:
            got = {}
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            line, pos = 1, 0
            for m in self._SUBJECT.finditer(text):
                line += text.count("\n", pos, m.start())
                pos = m.start()
                got.setdefault(self._expand(m.group(1)), line)
            self._lines[path] = got
        return got

    @staticmethod
    def _expand(name: str) -> str:
        if name.startswith("<"):
            return name[1:-1]
        prefix, _, local = name.partition(":")
        ns = PREFIXES.get(prefix)
        return ns + local if ns else name

    def line(self, path: Path, iri: str) -> int | None:
        return self._index(path).get(iri)


def _known_terms(store: ox.Store, ontology: set[str]) -> set[str]:
    return {q.subject.value for g in sorted(ontology)
            for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(LC)}


def structural_problems(store: ox.Store, files: list[Path], ontology: list[Path],
                        lines: LineIndex) -> list[Problem]:
    """``ontology`` names the files that define terms (not checked as data)."""
    by_uri = {f.resolve().as_uri(): f for f in files}
    onto_uris = {f.resolve().as_uri() for f in ontology}
    known = _known_terms(store, onto_uris)
    sel = OxigraphStore(store, union=False)
    problems: list[Problem] = []

    def at(g: object, s: object) -> tuple[Path | None, int | None]:
        f = by_uri.get(str(g))
        return f, (lines.line(f, str(s)) if f is not None else None)

    # one pass over every data triple: unknown lc: terms, untyped subjects, blank strings and
    # foreign subjects (four SPARQL scans cost 8 s at 1M triples; this costs about 2)
    typed: set[str] = set()
    described: dict[str, str] = {}
    unknown: dict[tuple[str, str], str] = {}
    foreign: dict[str, set[str]] = defaultdict(set)
    rdf_type = RDF_TYPE
    for q in store.quads_for_pattern(None, None, None):
        graph = q.graph_name
        if not isinstance(graph, ox.NamedNode) or graph.value in onto_uris:
            continue
        g_uri, subject, pred, obj = graph.value, q.subject, q.predicate.value, q.object
        s_key = subject.value if isinstance(subject, ox.NamedNode) else str(subject)
        described.setdefault(s_key, g_uri)
        if pred == rdf_type:
            typed.add(s_key)
        if pred.startswith(LC) and pred not in known:
            unknown.setdefault((g_uri, pred), s_key)
        if isinstance(obj, ox.NamedNode):
            if obj.value.startswith(LC) and obj.value not in known:
                unknown.setdefault((g_uri, obj.value), s_key)
        elif isinstance(obj, ox.Literal) and not obj.value.strip(" \t\r\n"):
            f, line = at(g_uri, s_key)
            problems.append(Problem(f, line, f"{_short(pred)} is only white space",
                                    focus=_short(s_key), rule="no-blank-strings"))
        if isinstance(subject, ox.NamedNode) and not s_key.startswith(LCD):
            foreign[g_uri].add(s_key)
    for (g_uri, term), s_key in sorted(unknown.items()):
        near = difflib.get_close_matches(term, sorted(known), n=1, cutoff=0.7)
        hint = f"; did you mean lc:{near[0][len(LC):]}?" if near else ""
        f, line = at(g_uri, s_key)
        problems.append(Problem(f, line, f"lc:{term[len(LC):]} is not a term of the ontology"
                                f"{hint}", focus=_short(s_key), rule="known-vocabulary"))
    for s_key, g_uri in described.items():
        if s_key not in typed and s_key.startswith(LCD):
            f, line = at(g_uri, s_key)
            problems.append(Problem(f, line, f"{_short(s_key)} has no rdf:type: every record is "
                                    "typed (a misspelt class or id makes it vanish from "
                                    "answers)", focus=_short(s_key), rule="typed-subjects"))
    titles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in sel.select("source_titles"):
        titles[" ".join(str(row[2]).casefold().split())].append((str(row[0]), str(row[1])))
    for same in titles.values():
        if len(same) > 1:
            for g_uri, s in same:
                others = ", ".join(_short(o) for _, o in same if o != s)
                f, line = at(g_uri, s)
                problems.append(Problem(
                    f, line, f"the same work is recorded as another source (same title as "
                    f"{others}): one work, one source record", focus=_short(s),
                    rule="one-work-one-source"))
    for uri, subjects in foreign.items():
        for s in sorted(subjects)[:20]:
            f, line = at(uri, s)
            problems.append(Problem(f, line, f"<{s}> is not a record of this graph: data files "
                                    "describe lcd: records only (the vocabulary lives in the "
                                    "ontology)", focus=s, rule="no-foreign-subjects"))
    return problems


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def skipped_notice(skipped: Iterable[tuple[Path, str]]) -> list[Problem]:
    return [Problem(p, None, f"skipped: {why}", rule="data-folder") for p, why in skipped]
