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
from kg.namespaces import LC, LCD, PREFIXES
from kg.store import OxigraphStore

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


def _known_terms(store: ox.Store, ontology: ox.NamedNode) -> set[str]:
    return {q.subject.value for q in store.quads_for_pattern(None, None, None, ontology)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(LC)}


def structural_problems(store: ox.Store, files: list[Path], ontology: Path,
                        lines: LineIndex) -> list[Problem]:
    by_uri = {f.resolve().as_uri(): f for f in files}
    onto_uri = ontology.resolve().as_uri()
    known = _known_terms(store, ox.NamedNode(onto_uri))
    sel = OxigraphStore(store, union=False)
    problems: list[Problem] = []

    def at(g: object, s: object) -> tuple[Path | None, int | None]:
        f = by_uri.get(str(g))
        return f, (lines.line(f, str(s)) if f is not None else None)

    for g, s, term in sel.select("data_terms"):
        if str(g) == onto_uri or str(term) in known:
            continue
        name = "lc:" + str(term)[len(LC):]
        near = difflib.get_close_matches(str(term), sorted(known), n=1, cutoff=0.7)
        hint = f"; did you mean lc:{near[0][len(LC):]}?" if near else ""
        f, line = at(g, s)
        problems.append(Problem(f, line, f"{name} is not a term of the ontology{hint}",
                                focus=_short(str(s)), rule="known-vocabulary"))
    for g, s in sel.select("untyped_subjects"):
        if str(g) == onto_uri:
            continue
        f, line = at(g, s)
        problems.append(Problem(f, line, f"{_short(str(s))} has no rdf:type: every record is "
                                "typed (a misspelt class or id makes it vanish from answers)",
                                focus=_short(str(s)), rule="typed-subjects"))
    for g, s, p in sel.select("blank_strings"):
        f, line = at(g, s)
        problems.append(Problem(f, line, f"{_short(str(p))} is only white space",
                                focus=_short(str(s)), rule="no-blank-strings"))
    foreign: dict[str, set[str]] = defaultdict(set)
    for q in store.quads_for_pattern(None, None, None):
        graph = q.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value != onto_uri and isinstance(
                q.subject, ox.NamedNode) and not q.subject.value.startswith(LCD):
            foreign[graph.value].add(q.subject.value)
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
