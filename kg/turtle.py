"""One canonical Turtle form, used by ``fmt`` for data files and by the Turtle export.

The same set of triples always gives the same bytes: prefixes sorted, subjects grouped with
the record they belong to (``lcd:arg`` then ``lcd:arg.part``), predicates in a fixed
reading order, objects sorted.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Container, Iterable, Iterator

import pyoxigraph as ox

from kg.gc_pause import gc_paused
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


_NT_ESC = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_NT_CHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
            "\\": "\\"}
#: an N-Triples lexical form with none of these is already in our escaping
_NT_SLOW = re.compile(r"[\\\x00-\x1f\x7f]")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _nt_unescape(m: re.Match[str]) -> str:
    hex4, hex8, char = m.groups()
    return chr(int(hex4 or hex8, 16)) if char is None else _NT_CHAR[char]


#: how much of the N-Triples dump is read at a time
READ_BYTES = 4 << 20
_BY_NS = {ns: prefix for prefix, ns in PREFIXES.items()}
# a local name holds no '/' or '#', so only the namespace ending at the last one can match
assert all(ns[-1] in "/#" for ns in PREFIXES.values()), "a namespace must end in / or #"


def _name(iri: str, used: set[str]) -> str:
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _BY_NS.get(iri[:cut])
    if prefix is not None and _LOCAL.match(iri[cut:]):
        used.add(prefix)
        return f"{prefix}:{iri[cut:]}"
    return f"<{iri}>"


def _literal(nt: str, used: set[str]) -> str:
    """Our form of a literal given in N-Triples (as Oxigraph writes it)."""
    end = nt.rfind('"')
    lex, suffix = nt[1:end], nt[end + 1:]
    if _NT_SLOW.search(lex):
        lex = _ESC_RE.sub(_escape, _NT_ESC.sub(_nt_unescape, lex))
    if not suffix or suffix[0] == "@":
        return f'"{lex}"{suffix}'
    dt = suffix[3:-1]
    if dt == XSD + "integer" and _INTEGER.fullmatch(lex):
        return lex
    if dt == XSD + "boolean" and lex in ("true", "false"):
        return lex
    return f'"{lex}"^^{_name(dt, used)}'


def _owner(subject: str, subjects: Container[str]) -> str:
    base = subject
    while "." in base.rsplit("/", 1)[-1]:
        base = base.rsplit(".", 1)[0]
        if base in subjects:
            return base
    return subject


#: subject key (an IRI's value, or ``_:id``) -> predicate (N-Triples) -> objects, written
Grouped = dict[str, dict[str, list[str]]]


class _Writer:
    """Collects triples given as N-Triples lines, writing each object as it comes in."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        # terms already written (IRIs, typed and tagged literals: classes, assumptions and
        # dates repeat a lot); plain strings are mostly unique and not kept
        self.known: dict[str, str] = {}
        self.by_subject: Grouped = {}

    def iri(self, nt: str) -> str:
        text = self.known.get(nt)
        if text is None:
            text = self.known[nt] = _name(nt[1:-1], self.used)
        return text

    def term(self, o: str) -> str:
        c = o[0]
        if c == "<" and not o.startswith("<<"):
            return self.iri(o)
        if c == '"':
            return _literal(o, self.used)
        if c == "_":
            return o
        raise TypeError(f"cannot write {o}")

    def add(self, lines: list[str]) -> None:
        """Lines without their final " ."; Oxigraph writes a subject's triples together, and
        a predicate's objects together, so most lines cost no dictionary lookup but one."""
        by_subject, known, slow = self.by_subject, self.known, _NT_SLOW.search
        last_s = last_p = ""
        preds: dict[str, list[str]] = {}
        objs: list[str] = []
        for line in lines:
            s, p, o = line.split(" ", 2)
            if s != last_s:
                if s[0] != "<" and s[0] != "_" or s.startswith("<<"):
                    raise TypeError(f"cannot write a quoted triple as subject: {line}")
                key = s[1:-1] if s[0] == "<" else s
                preds = by_subject.setdefault(key, {})
                last_s, last_p = s, ""
            if p != last_p:
                objs = preds.setdefault(p, [])
                last_p = p
            if o[-1] == '"':  # a plain string: with nothing to escape it is already ours
                objs.append(self.term(o) if slow(o) else o)
                continue
            text = known.get(o)
            if text is None:
                text = known[o] = self.term(o)
            objs.append(text)

    def _layout(self, preds: dict[str, list[str]]) -> tuple[tuple[str, ...], str]:
        """The predicates in reading order, and the block template with a slot per object."""
        def key(p: str) -> tuple[int, str]:
            return (_PRANK.get(p[1:-1], len(_PRANK)), p[1:-1])

        order = tuple(sorted(preds, key=key))
        names = ["a" if p[1:-1] == _RDF_TYPE else _name(p[1:-1], self.used) for p in order]
        return order, " " + " ;\n    ".join(n.replace("%", "%%") + " %s" for n in names) + " .\n"

    def text(self) -> str:
        by_subject, used = self.by_subject, self.used
        type_nt = f"<{_RDF_TYPE}>"

        iris = {text: nt[1:-1] for nt, text in self.known.items() if nt[0] == "<"}  # -> IRI

        def rank(s: str) -> int:
            types = [iris[o] for o in by_subject[s].get(type_nt, ()) if o in iris]
            return min((_CRANK.get(c, len(_CLASS_ORDER)) for c in types),
                       default=len(_CLASS_ORDER) + 1)

        owners = {s: _owner(s, by_subject) for s in by_subject}
        ranks = {o: rank(o) for o in set(owners.values())}
        order = sorted(by_subject, key=lambda s: (ranks[owners[s]], owners[s], s != owners[s], s))
        # records of one kind share their predicates: order each set of them once, and make
        # it a template that takes the objects in that order
        layouts: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}
        sep = " ,\n        "
        blocks = []
        for s_key in order:
            preds = by_subject[s_key]
            sig = tuple(preds)
            layout = layouts.get(sig)
            if layout is None:
                layout = layouts[sig] = self._layout(preds)
            values = tuple([objs[0] if len(objs) == 1 else sep.join(sorted(set(objs)))
                            for objs in map(preds.__getitem__, layout[0])])
            subject = s_key if s_key.startswith("_:") else self.iri(f"<{s_key}>")
            blocks.append(subject + layout[1] % values)
        header = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(used))
        return header + "\n" + "\n".join(blocks) if blocks else header


def canonical_turtle(triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """The canonical Turtle of ``triples`` (any graph names are ignored)."""
    lines = []
    for t in triples:
        if not isinstance(t.subject, ox.NamedNode | ox.BlankNode):
            raise TypeError(f"cannot write a quoted triple as subject: {t.subject!r}")
        lines.append(f"{t.subject} {t.predicate} {t.object}")
    writer = _Writer()
    writer.add(lines)
    return writer.text()


def store_turtle(store: ox.Store) -> str:
    """The canonical Turtle of every triple in ``store``, whatever its graph.

    Read from Oxigraph's own N-Triples dump (a Python object per term would cost most of the
    time), written by a thread while this one groups the lines as they come, with the garbage
    collector paused (``kg.gc_pause``).
    """
    writer = _Writer()
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None  # a scratch file in memory
    with gc_paused(), tempfile.TemporaryDirectory(prefix="lifecycle-kg-", dir=shm) as tmp:
        path = os.path.join(tmp, "dump.nt")
        for graph in (ox.DefaultGraph(), *store.named_graphs()):
            for lines in _dumped_lines(store, graph, path):
                writer.add(lines)
        return writer.text()


def _dumped_lines(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph,
                  path: str) -> Iterator[list[str]]:
    """The N-Triples lines of ``graph`` (without their final " ."), in pieces as they are
    written. Oxigraph lets go of the GIL only while it writes to a path (and it syncs the
    file, which a pipe refuses), so a thread dumps into the scratch file ``path`` and this
    one reads behind it."""
    open(path, "wb").close()
    done = threading.Event()
    failed: list[BaseException] = []

    def dump() -> None:
        try:
            store.dump(path, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        except BaseException as e:  # noqa: BLE001 - raised again by the reading thread
            failed.append(e)
        finally:
            done.set()

    thread = threading.Thread(target=dump, name="lifecycle-kg-dump", daemon=True)
    thread.start()
    try:
        with open(path, "rb", buffering=0) as f:
            rest = b""
            while True:
                finished = done.is_set()  # before reading: a read after it sees all
                chunk = f.read(READ_BYTES)
                if not chunk:
                    if finished:
                        break
                    done.wait(0.002)
                    continue
                chunk = rest + chunk
                end = chunk.rfind(b" .\n")  # a line's end: in a literal \n is escaped
                if end < 0:  # a read that caught up with the writer mid-line
                    rest = chunk
                    continue
                rest = chunk[end + 3:]
                lines = chunk[:end].decode().split(" .\n")
                yield lines
    finally:
        thread.join()
    if failed:
        raise failed[0]
    if rest:
        raise ValueError(f"the N-Triples dump ended mid-line: {rest[:80]!r}")
