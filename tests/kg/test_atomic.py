"""Atomic writes keep an existing file's mode and give a new file what a plain write would."""

from __future__ import annotations

import os
from pathlib import Path

from kg.atomic import write_atomic


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    plain, atomic = tmp_path / "plain.txt", tmp_path / "atomic.txt"
    plain.write_text("x")
    write_atomic(atomic, "x")
    assert atomic.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    f = tmp_path / "data.ttl"
    f.write_text("old")
    os.chmod(f, 0o640)
    write_atomic(f, "new")
    assert f.read_text() == "new" and f.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["data.ttl"]  # no temporary file left
