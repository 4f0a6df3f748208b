"""Where the shipped ontology and data live, in a checkout and in an installed wheel."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
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
    """The ontology document proper (header, classes, properties)."""
    return ontology_dir() / "lifecycle.ttl"


def ontology_files() -> list[Path]:
    """Everything the ontology defines: the document proper, then its controlled vocabularies
    (kept apart so documentation tools do not read a concept scheme as the ontology)."""
    return [ontology_file(), ontology_dir() / "kinds.ttl"]


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


#: formats a data folder may hold, by lower-case suffix
LOADABLE = {".ttl": "turtle", ".nt": "n-triples"}
#: other RDF serialisations: refused by name rather than skipped without a word
OTHER_RDF = {".rdf", ".owl", ".xml", ".jsonld", ".json-ld", ".n3", ".trig", ".nq", ".trix",
             ".hdt", ".ttls"}


def editor_leftover(name: str) -> bool:
    """Lock links, AppleDouble files, backups and swap files editors leave beside data."""
    return (name.startswith((".#", "._", "#")) or name.endswith(("~", ".swp", ".swo", ".bak",
                                                                  ".tmp"))
            or name.startswith(".") and ".ttl." in name)


@dataclass
class Scan:
    """What a data folder holds: files to load, files refused by name, entries skipped."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def scan(root: Path, into: Scan | None = None) -> Scan:
    """Walk a data folder (following symlinked folders once each) in a stable order."""
    out = into or Scan()
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            out.skipped.append((Path(dirpath), "folder already read through another link"))
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            suffix = p.suffix.lower()
            if editor_leftover(name):
                if suffix in LOADABLE or ".ttl" in name:
                    out.skipped.append((p, "editor leftover"))
                continue
            if suffix not in LOADABLE and suffix not in OTHER_RDF:
                continue
            try:
                mode = os.stat(p).st_mode
            except OSError as e:
                out.refused.append((p, f"cannot read: {e.strerror or e}"))
                continue
            if not stat.S_ISREG(mode):
                out.skipped.append((p, "not a regular file (FIFO, socket or device)"))
            elif suffix in OTHER_RDF:
                out.refused.append((p, f"{suffix} files are not loaded: convert to Turtle "
                                    "(.ttl) or N-Triples (.nt)"))
            else:
                out.files.append(p)
    out.files.sort()
    return out


def data_files(root: Path | None = None) -> list[Path]:
    """Every loadable data file under a data folder, in a stable order."""
    return scan(root or data_dir()).files


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders replaced by the data files below them."""
    return expand_scan(paths).files


def expand_scan(paths: list[Path]) -> Scan:
    """Like :func:`expand`, keeping what was refused or skipped and why."""
    out = Scan()
    for p in paths:
        if p.is_dir():
            scan(p, out)
            continue
        try:
            regular = stat.S_ISREG(os.stat(p).st_mode)
        except OSError:
            regular = True  # let the reader report what is wrong with it
        if regular:
            out.files.append(p)
        else:
            out.refused.append((p, "not a regular file (FIFO, socket or device): not read"))
    return out
