"""What a data folder may hold: other RDF files are loaded by format or refused by name,
never skipped in silence; editor leftovers and FIFOs are skipped with a notice; symlinked
folders are followed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from tests.conftest import CORE, FIXTURES

ARG = FIXTURES / "valid" / "argument.ttl"


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(CORE, d / "core")
    return d


def test_n_triples_file_is_loaded(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    nt = "".join(f"{q.subject} {q.predicate} {q.object} .\n"
                 for q in ox.parse(ARG.read_bytes(), format=ox.RdfFormat.TURTLE))
    (d / "arg.NT").write_text(nt, encoding="utf-8")
    assert [a.id for a in kg.load([d]).arguments()] == ["fixture-argument"]


def test_upper_case_ttl_is_loaded(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    shutil.copy(ARG, d / "ARG.TTL")
    assert len(kg.load([d]).arguments()) == 1


def test_other_rdf_format_is_refused_by_name(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    (d / "extra.rdf").write_text("<rdf:RDF/>", encoding="utf-8")
    with pytest.raises(kg.LoadError) as err:
        kg.load([d])
    assert "extra.rdf" in str(err.value) and "not loaded" in str(err.value)


def test_editor_leftovers_are_skipped_with_a_notice(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    shutil.copy(ARG, d / "arg.ttl")
    os.symlink("user@host.1234:1700000000", d / ".#arg.ttl")  # emacs lock link (dangling)
    (d / "._arg.ttl").write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    g = kg.load([d])
    assert len(g.arguments()) == 1
    assert {Path(str(w.file)).name for w in g.warnings} >= {".#arg.ttl", "._arg.ttl"}


def test_fifo_is_skipped_not_opened(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    os.mkfifo(d / "pipe.ttl")
    g = kg.load([d])  # would hang if the FIFO were opened
    assert any("not a regular file" in w.message for w in g.warnings)


def test_symlinked_folder_is_followed(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(ARG, elsewhere / "arg.ttl")
    os.symlink(elsewhere, d / "linked")
    assert len(kg.load([d]).arguments()) == 1


def test_many_problems_read_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Locating problems is linear: one pass over each file, however many problems it has."""
    d = _folder(tmp_path)
    lines = ["@prefix lc: <https://w3id.org/lifecycle-kg/ontology#> .",
             "@prefix lcd: <https://w3id.org/lifecycle-kg/id/> ."]
    lines += [f'lcd:bad-{i} lc:summary "no type here, so every record is a problem" .'
              for i in range(2000)]
    (d / "bad.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reads: list[str] = []
    real = Path.read_text

    def counting(self: Path, *a: object, **k: object) -> str:
        reads.append(self.name)
        return real(self, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", counting)
    with pytest.raises(kg.LoadError) as err:
        kg.load([d])
    assert len(err.value.problems) >= 2000
    assert err.value.problems[0].line is not None
    assert reads.count("bad.ttl") <= 1


def test_fifo_given_by_name_is_refused_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    with pytest.raises(kg.LoadError) as err:
        kg.load([CORE, fifo])  # would hang if the FIFO were opened
    assert "not a regular file" in str(err.value)
