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
from tests.conftest import CORE, FIXTURES


def _parses(p: Path) -> bool:
    return not parse_files(resolve_files([CORE, p]))[1]


#: every fixture SHACL can see (a file that does not parse never reaches validation)
CASES = [p for p in sorted((FIXTURES / "valid").glob("*.ttl")) + sorted(
    (FIXTURES / "invalid").glob("*.ttl")) if _parses(p)]


def _ours(files: list[Path]) -> set[tuple[str, str]]:
    store, problems = parse_files(files)
    assert not problems, problems
    from kg.terms import to_graph

    rdf = to_graph(store.quads_for_pattern(None, None, None))
    violations, _warnings = shacl_problems(rdf, store)
    return {(p.focus or "", re.sub(r" \(value: .*\)$", "", p.message).split(": ", 1)[-1])
            for p in violations}, rdf  # type: ignore[return-value]


def _oracle(rdf: rdflib.Graph) -> set[tuple[str, str]]:
    _conforms, results, _ = pyshacl.validate(rdf, shacl_graph=shapes_graph(),
                                             inference="none", allow_warnings=True)
    out = set()
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        if results.value(r, SH.resultSeverity) == SH.Warning:
            continue
        msg = str(results.value(r, SH.resultMessage) or "")
        out.add((_short(results.value(r, SH.focusNode)), msg))
    return out


def _compare(files: list[Path]) -> None:
    ours, rdf = _ours(files)  # type: ignore[misc]
    oracle = _oracle(rdf)
    # blank nodes get different labels from the two parsers (and are refused before SHACL)
    named = re.compile(r"^(lcd?:|https?:)")
    ours = {x for x in ours if named.match(x[0])}
    oracle = {x for x in oracle if named.match(x[0])}
    # our core messages are reworded for min/max counts; compare SPARQL rules exactly and
    # the rest by focus node
    sparql_oracle = {x for x in oracle if not x[1].startswith(("Less than", "More than"))}
    ours_focus = {f for f, _ in ours}
    assert {f for f, _ in oracle} == ours_focus
    for focus, msg in sparql_oracle:
        assert any(f == focus and (m == msg or msg.endswith(m) or m in msg)
                   for f, m in ours), (focus, msg)


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
    _compare(resolve_files([CORE, f]))
