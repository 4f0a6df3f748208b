"""`lifecycle-kg plot matrix`: one labelled row per argument, by the file's suffix, and the
same graph gives the same SVG."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

import kg
from kg.cli import main
from kg.plot import _clip, matrix_layout


def test_svg_has_a_row_per_argument_and_a_column_per_assumption(
        tmp_path: Path, graph: kg.KnowledgeGraph) -> None:
    out = tmp_path / "matrix.svg"
    assert main(["plot", "matrix", "--out", str(out)]) == 0
    text = html.unescape(out.read_text(encoding="utf-8"))
    cols, rows, hit = matrix_layout(graph)
    assert len(rows) == len(graph.arguments()) and len(cols) == len(graph.assumptions())
    missing = [a.id for a in rows if _clip(a.title, 70) not in text]
    assert not missing, missing[:5]
    assert all(_clip(a.label, 48) in text for a in cols)
    assert hit, "the curated data has documented cases contradicting premises"
    again = tmp_path / "again.svg"
    assert main(["plot", "matrix", "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("suffix,magic", [(".png", b"\x89PNG"), (".pdf", b"%PDF")])
def test_other_formats_by_suffix(tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"matrix{suffix}"
    assert main(["plot", "matrix", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


def test_unknown_suffix_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["plot", "matrix", "--out", str(tmp_path / "matrix.gif")]) == 2
    assert not (tmp_path / "matrix.gif").exists()
