"""Where the shipped ontology and data live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _root() -> Path:
    bundled = _PKG / "_resources"
    if (bundled / "ontology").is_dir():
        return bundled
    return _PKG.parent


def ontology_dir() -> Path:
    return _root() / "ontology"


def data_dir() -> Path:
    return _root() / "data"


def ontology_file() -> Path:
    return ontology_dir() / "lifecycle.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def data_files(root: Path | None = None) -> list[Path]:
    """Every Turtle file under a data folder, in a stable order."""
    base = root or data_dir()
    return sorted(base.rglob("*.ttl"))


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders replaced by the Turtle files below them."""
    out: list[Path] = []
    for p in paths:
        out.extend(data_files(p) if p.is_dir() else [p])
    return out
