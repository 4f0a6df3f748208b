"""Turtle files -> parse -> structural checks -> SHACL -> store -> ``KnowledgeGraph``.

Loading is all or nothing: every problem in every file is collected, and if there is any,
``LoadError`` is raised and nothing is returned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg import checks
from kg.errors import LoadError, Problem, ValidationError
from kg.gc_pause import gc_paused
from kg.graph import KnowledgeGraph
from kg.resources import LOADABLE, Scan, data_dir, expand_scan, ontology_files, scan
from kg.store import OxigraphStore, Row
from kg.validation import cache_dir, fingerprint, locate, shacl_problems


def _parse_message(e: SyntaxError) -> str:
    msg = str(e.msg if hasattr(e, "msg") else e)
    return msg.split(": ", 1)[1] if msg.startswith("Parser error") and ": " in msg else msg


def resolve_scan(paths: Iterable[str | Path] | None) -> Scan:
    """The given data files and folders (the shipped data by default), with what a folder
    held that will not be loaded."""
    return scan(data_dir()) if paths is None else expand_scan([Path(p) for p in paths])


def resolve_files(paths: Iterable[str | Path] | None) -> list[Path]:
    """The ontology, then the given data files and folders (the shipped data by default)."""
    return [*ontology_files(), *resolve_scan(paths).files]


_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "n-triples": ox.RdfFormat.N_TRIPLES}


def _select(store: ox.Store, name: str) -> list[Row]:
    return OxigraphStore(store, union=False).select(name)


def parse_files(files: list[Path]) -> tuple[ox.Store, list[Problem]]:
    store = ox.Store()
    problems: list[Problem] = []
    for f in files:
        try:
            data = f.read_bytes()
        except OSError as e:
            problems.append(Problem(f, None, f"cannot read file: {e.strerror or e}"))
            continue
        if not data.strip():
            problems.append(Problem(f, None, "file is empty: a data file holds a record"))
            continue
        lexical = checks.lexical_problems(f, data)
        if lexical:
            problems.extend(lexical)
            continue
        fmt = _FORMATS[LOADABLE.get(f.suffix.lower(), "turtle")]
        try:
            # Store.load, not bulk_load: on an in-memory store it is as fast and peaks at
            # about 60% of the memory (bulk_load buffers whole batches of quads).
            store.load(data, format=fmt, base_iri=f.resolve().as_uri(),
                       to_graph=ox.NamedNode(f.resolve().as_uri()))
        except SyntaxError as e:
            problems.append(Problem(f, e.lineno, f"malformed Turtle: {_parse_message(e)}"))
    return store, problems


def structural_problems(store: ox.Store, files: list[Path],
                        lines: checks.LineIndex | None = None,
                        data_rules: bool = True) -> list[Problem]:
    """Checks SHACL cannot make because they are about files, not the merged graph; with
    ``data_rules``, also the structural data rules of :mod:`kg.checks` (vocabulary, typed
    and foreign subjects, blank strings, one source per work)."""
    with gc_paused():  # as all of loading does (kg.gc_pause)
        return _structural_problems(store, files, lines or checks.LineIndex(), data_rules)


def _structural_problems(store: ox.Store, files: list[Path], lines: checks.LineIndex,
                         data_rules: bool) -> list[Problem]:
    by_uri = {f.resolve().as_uri(): f for f in files}
    problems = []
    for s, names in _select(store, "multi_file_subjects"):
        where = sorted(str(by_uri.get(u, u)) for u in str(names).split())
        f = by_uri.get(str(names).split()[0])
        problems.append(Problem(
            f, lines.line(f, str(s)) if f else None,
            f"{s} is described in more than one file ({', '.join(where)}); "
            "a record and its parts live in one file",
            rule="one-record-one-file",
        ))
    for g, s in _select(store, "blank_nodes"):
        problems.append(Problem(
            by_uri.get(str(g)), None,
            f"blank node {s}: give every record and part of a record an IRI (lcd:owner.part)",
            rule="no-blank-nodes",
        ))
    if not data_rules:
        return problems
    onto = {f.resolve() for f in ontology_files()}
    return problems + checks.structural_problems(
        store, files, [f for f in files if f.resolve() in onto], lines)


def load(
    paths: Iterable[str | Path] | None = None,
    *,
    validate: bool = True,
    use_cache: bool = False,
) -> KnowledgeGraph:
    """Load the ontology plus data files (the shipped data by default) into a validated graph.

    ``paths`` replaces the shipped data (files or folders of ``.ttl``); the ontology always
    comes along. ``validate=False`` skips SHACL (for dumps validated before; say so when you
    report timings). ``use_cache`` skips SHACL when these exact bytes validated before.
    Raises :class:`LoadError` (parse or file problems) or :class:`ValidationError` (SHACL).
    """
    with gc_paused():
        return _load(paths, validate, use_cache)


def _load(paths: Iterable[str | Path] | None, validate: bool, use_cache: bool
          ) -> KnowledgeGraph:
    found = resolve_scan(paths)
    files = [*ontology_files(), *found.files]
    refused = [Problem(p, None, why, rule="data-folder") for p, why in found.refused]
    store, problems = parse_files(files)
    if problems or refused:
        raise LoadError(refused + problems)
    lines = checks.LineIndex()
    stamp = cache_dir() / fingerprint(files) if validate and use_cache else None
    # the data rules run with SHACL: skipped only for a dump validated before (validate=False)
    # or for bytes that validated before (the cache)
    checking = validate and (stamp is None or not stamp.exists())
    problems = structural_problems(store, files, lines, data_rules=checking)
    if problems:
        raise ValidationError(problems)
    rdf = None
    warnings: list[Problem] = []
    if checking:
        # the core shapes and the SPARQL constraints are checked on the Oxigraph store
        # (kg.shacl_native); no rdflib copy is needed to validate
        violations, warnings = shacl_problems(None, store)
        if violations or warnings:
            where: dict[str, list[Path]] = defaultdict(list)
            by_uri = {f.resolve().as_uri(): f for f in files}
            for s, g in _select(store, "subject_files"):
                where[str(s)].append(by_uri.get(str(g), Path(str(g))))
            violations = locate(violations, where, lines)
            warnings = locate(warnings, where, lines)
        if violations:
            raise ValidationError(violations)
        if stamp is not None:
            try:
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.touch()
            except OSError:
                pass
    warnings = checks.skipped_notice(found.skipped) + warnings
    return KnowledgeGraph(OxigraphStore(store, union=True), [str(f) for f in files], rdf=rdf,
                          warnings=warnings)
