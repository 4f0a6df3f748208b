"""pySHACL is the oracle: the loader's split validation (core shapes by pySHACL, each SPARQL
constraint once over the whole graph) reports exactly what stock pySHACL reports with the
full shapes, on every fixture, on the curated data and on seeded corruptions of it."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import SH

from kg.loader import parse_files, resolve_files
from kg.validation import _short, shacl_problems, shapes_graph
from tests.conftest import CORE, FIXTURES, ROOT


def _parses(p: Path) -> bool:
    return not parse_files(resolve_files([CORE, p]))[1]


#: every fixture SHACL can see (a file that does not parse never reaches validation)
CASES = [p for p in sorted((FIXTURES / "valid").glob("*.ttl")) + sorted(
    (FIXTURES / "invalid").glob("*.ttl")) if _parses(p)]


def _ours(files: list[Path]) -> tuple[set[tuple[str, str]], rdflib.Graph]:
    """(focus, what) per violation: the path for a core constraint, the message for SPARQL."""
    store, problems = parse_files(files)
    assert not problems, problems
    from kg.terms import to_graph

    violations, _warnings = shacl_problems(None, store)
    out = set()
    for p in violations:
        rule = p.rule or ""
        if rule.endswith(" SPARQL"):
            out.add((p.focus or "", re.sub(r" \(value: .*\)$", "", p.message)))
        else:
            parts = rule.split(" ")
            out.add((p.focus or "", parts[1] if len(parts) == 3 else ""))
    return out, to_graph(store.quads_for_pattern(None, None, None))


def _oracle(rdf: rdflib.Graph) -> set[tuple[str, str]]:
    _conforms, results, _ = pyshacl.validate(rdf, shacl_graph=shapes_graph(),
                                             inference="none", allow_warnings=True)
    out = set()
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        if results.value(r, SH.resultSeverity) == SH.Warning:
            continue
        focus = _short(results.value(r, SH.focusNode))
        if results.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent:
            out.add((focus, str(results.value(r, SH.resultMessage))))
        else:
            path = results.value(r, SH.resultPath)
            if isinstance(path, rdflib.BNode):
                path = "^" + _short(results.value(path, SH.inversePath))
            out.add((focus, _short(path) if path is not None else ""))
    return out


def _compare(files: list[Path]) -> set[tuple[str, str]]:
    ours, rdf = _ours(files)
    oracle = _oracle(rdf)
    # blank nodes get different labels from the two parsers (and are refused before SHACL)
    named = re.compile(r"^(lcd?:|https?:)")
    ours = {x for x in ours if named.match(x[0])}
    oracle = {x for x in oracle if named.match(x[0])}
    assert ours == oracle
    return ours


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_violations_as_pyshacl(fixture: Path) -> None:
    _compare(resolve_files([CORE, fixture]))


def test_same_violations_on_seeded_corruptions(tmp_path: Path) -> None:
    """Break a copy of real records in several ways at once and compare again."""
    src = Path(__file__).resolve().parents[2] / "data" / "literature"
    text = (src / "hubinger-2024-sleeper-agents.ttl").read_text(encoding="utf-8")
    broken = (text.replace("lc:strength lc:Necessary", "lc:strength lc:Supporting", 1)
              .replace("lc:RequiresHolds ;", "lc:ArguesFails ;", 2)
              .replace('lc:position 2 ;', 'lc:position 40 ;', 1)
              .replace("lc:reviewedBy lcd:reviewer-2", "lc:reviewedBy lcd:curator-a", 1))
    f = tmp_path / "broken.ttl"
    f.write_text(broken, encoding="utf-8")
    assert _compare(resolve_files([CORE, f]))


def test_same_violations_on_a_corrupted_synthetic_graph(tmp_path: Path) -> None:
    """Seeded corruptions of a generated graph: drop required values, break datatypes,
    duplicate single values, point links at the wrong class."""
    import random
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from synth import generate

    text = generate(4000, seed=7)
    lines = text.split("\n")
    rng = random.Random(11)
    done = 0
    for _ in range(100_000):
        if done >= 12:
            break
        i = rng.randrange(len(lines))
        line = lines[i]
        done += any(k in line for k in ("lc:locator", "lc:year", "lc:strength lc:Necessary",
                                        "lc:assumption lcd:"))
        if "lc:locator" in line:
            lines[i] = line.replace("lc:locator", "lc:rationale")  # a second rationale
        elif "lc:year" in line:
            lines[i] = line.replace("lc:year ", 'lc:year "soon" ; lc:venue ')
        elif "lc:strength lc:Necessary" in line:
            lines[i] = line.replace("lc:Necessary", "lc:Supporting , lc:Necessary")
        elif "lc:assumption lcd:" in line:
            lines[i] = line.replace("lc:assumption lcd:", "lc:assumption lcd:src-000000")
    f = tmp_path / "synth.ttl"
    f.write_text("\n".join(lines), encoding="utf-8")
    found = _compare([*resolve_files([f])])
    assert len(found) >= 5, "the corruptions must be seen"


def test_closed_shapes_agree_with_pyshacl(tmp_path: Path) -> None:
    """A predicate the shapes do not allow, on a source and on an argument: the store-side
    query of the closed shapes reports what pySHACL reports, no more, no less."""
    from kg.resources import ontology_files

    src = (ROOT / "data" / "literature" /
           "christiano-2019-learning-with-catastrophes.ttl").read_text(encoding="utf-8")
    bad = src.replace("lc:kind lc:Proposal ;",
                      'lc:kind lc:Proposal ;\n    dcterms:abstract "x" ;', 1)
    bad = bad.replace("lc:year 2019 ;", 'lc:year 2019 ;\n    dcterms:abstract "y" ;', 1)
    assert bad.count("dcterms:abstract") == 2
    f = tmp_path / "closed.ttl"
    f.write_text(bad, encoding="utf-8")
    files = [*ontology_files(), *sorted(CORE.glob("*.ttl")), f]
    ours, rdf = _ours(files)
    closed = {x for x in ours if x[1] == "dcterms:abstract"}
    assert len(closed) == 2
    assert ours == _oracle(rdf)
