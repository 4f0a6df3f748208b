"""Atomic file writes: a reader sees the old file or the new one, never a part of either.

The new bytes go to a temporary file in the same folder, are flushed and fsync'ed, then
renamed over the target (atomic on POSIX); the folder is fsync'ed so the rename survives a
crash. The original is untouched until the new file is complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _new_file_mode() -> int:
    """What ``open(path, "w")`` would give a new file: 0o666 less the umask (the temporary
    file is created 0o600, which would otherwise stick)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status",
                                                         encoding="ascii") as f:
        for line in f:
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    mask = os.umask(0o022)  # no /proc: read the umask by setting it (and back at once)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data``; an existing file keeps its mode, a new one gets the
    mode a plain write would give it."""
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    folder = target.resolve().parent
    mode = _new_file_mode()
    with contextlib.suppress(FileNotFoundError):
        mode = target.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
