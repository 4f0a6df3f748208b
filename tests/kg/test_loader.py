"""Loading is all or nothing, and every refusal names the file, the line and the rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kg
from tests.conftest import CORE, FIXTURES

VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if not p.name.startswith("."))


def _expected(fixture: Path) -> str:
    """Each invalid fixture states, in its first line, the rule it breaks."""
    first = fixture if fixture.is_file() else sorted(fixture.glob("*.ttl"))[0]
    head = first.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    if not head.startswith("# breaks: "):
        return "empty"  # an empty file cannot carry a comment
    return head.removeprefix("# breaks: ").split(" (")[0]


def test_fixture_folders_are_not_empty() -> None:
    assert VALID, "tests/fixtures/valid/ holds no fixtures"
    assert INVALID, "tests/fixtures/invalid/ holds no fixtures"


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.name)
def test_valid_fixture_loads(fixture: Path) -> None:
    g = kg.load([CORE, fixture])
    assert len(g) > 0


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_is_refused_with_its_rule(fixture: Path) -> None:
    with pytest.raises(kg.LoadError) as err:
        kg.load([CORE, fixture])
    text = str(err.value)
    assert _expected(fixture).lower() in text.lower(), text
    problem = err.value.problems[0]
    assert problem.file is not None and problem.file.is_relative_to(FIXTURES)


def test_malformed_turtle_names_file_and_line() -> None:
    f = FIXTURES / "invalid" / "malformed_turtle.ttl"
    with pytest.raises(kg.LoadError) as err:
        kg.load([CORE, f])
    assert err.value.file == f
    assert err.value.line == 11
    assert re.search(r"malformed_turtle\.ttl:11: malformed Turtle", str(err.value))


def test_shacl_violation_names_focus_node_file_and_line() -> None:
    f = FIXTURES / "invalid" / "missing_locator.ttl"
    with pytest.raises(kg.ValidationError) as err:
        kg.load([CORE, f])
    p = err.value.problems[0]
    assert p.focus == "lcd:fixture-argument.sandboxed-in-training"
    assert p.file == f and p.line == 27
    assert "lc:locator" in p.message and "MinCount" in (p.rule or "")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    a = tmp_path / "a.ttl"
    a.write_text("@prefix x: <http://x/> .\nx:a x:b ", encoding="utf-8")
    b = tmp_path / "b.ttl"
    b.write_text("", encoding="utf-8")
    with pytest.raises(kg.LoadError) as err:
        kg.load([a, b])
    assert {p.file for p in err.value.problems} == {a, b}


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(kg.LoadError, match="cannot read"):
        kg.load([tmp_path / "nope.ttl"])


def test_default_load_is_the_shipped_graph(graph: kg.KnowledgeGraph) -> None:
    assert len(graph) > 1000
    assert graph.warnings == []
    assert any(f.endswith("lifecycle.ttl") for f in graph.files)


def test_validation_cache_skips_shacl_only_for_identical_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    src = (FIXTURES / "valid" / "argument.ttl").read_text(encoding="utf-8")
    f = tmp_path / "arg.ttl"
    f.write_text(src, encoding="utf-8")
    kg.load([CORE, f], use_cache=True)
    assert list((tmp_path / "cache").rglob("*")), "a valid load leaves a stamp"
    f.write_text(src.replace('"Section 1"', '"x"'), encoding="utf-8")  # too short a locator
    with pytest.raises(kg.ValidationError):
        kg.load([CORE, f], use_cache=True)
