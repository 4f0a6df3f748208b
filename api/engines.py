"""Real triple stores on loopback, for the remote-store tests and benchmarks.

Oxigraph server comes from PyPI (``oxigraph``, in the ``dev`` extra); Virtuoso from Debian
(``virtuoso-opensource``, installed by ``make test`` where it can be). Each runs in a fresh
temporary folder on free ports and is always stopped afterwards. ``None`` from a starter means
the engine is not installed; the caller says so when it skips.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from api.devserver import free_port, wait_until


@dataclass(frozen=True)
class Engine:
    name: str
    query_url: str
    update_url: str


def _wait(url: str, proc: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    def answers() -> bool:
        return httpx.post(url, data={"query": "ASK { ?s ?p ?o }"},
                          headers={"accept": "application/sparql-results+json"},
                          timeout=2).status_code == 200

    wait_until(answers, proc, seconds, f"the engine at {url}",
               lambda: log.read_text(errors="replace")[-1500:])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph_server(read_only_from: Path | None = None) -> Iterator[Engine | None]:
    """Oxigraph server, in memory and writable (or read-only on a loaded folder)."""
    binary = oxigraph_binary()
    if binary is None:
        yield None
        return
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "oxigraph.log"
        cmd = [binary, "serve", "--bind", f"127.0.0.1:{port}"]
        if read_only_from is not None:
            cmd = [binary, "serve-read-only", "--location", str(read_only_from), "--bind",
                   f"127.0.0.1:{port}"]
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(f"{base}/query", proc, 60, log)
            yield Engine("oxigraph", f"{base}/query", f"{base}/update")
        finally:
            _stop(proc)


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@contextlib.contextmanager
def virtuoso_server(max_rows: int = 10_000_000) -> Iterator[Engine | None]:
    """Virtuoso Open Source on a fresh database, with SPARQL Update granted to the
    anonymous endpoint user (it is bound to loopback and deleted afterwards). Virtuoso cuts
    results at ``ResultSetMaxRows`` (10000 as shipped); ``max_rows`` sets it."""
    binary, isql = virtuoso_binary(), shutil.which("isql-vt")
    if binary is None or isql is None or not _INI.exists():
        yield None
        return
    sql_port, http_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp)
        ini = _INI.read_text(encoding="utf-8")
        ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(db))
        ini = re.sub(r"(?m)^ServerPort(\s*)=\s*1111", f"ServerPort\\1= 127.0.0.1:{sql_port}", ini)
        ini = re.sub(r"(?m)^ServerPort(\s*)=\s*8890", f"ServerPort\\1= 127.0.0.1:{http_port}",
                     ini)
        ini = re.sub(r"(?m)^ResultSetMaxRows(\s*)=\s*\d+", f"ResultSetMaxRows\\1= {max_rows}",
                     ini)
        (db / "virtuoso.ini").write_text(ini, encoding="utf-8")
        log = db / "virtuoso.out"
        with open(log, "wb") as out:
            proc = subprocess.Popen([binary, "-f", "-c", str(db / "virtuoso.ini")], cwd=db,
                                    stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{http_port}/sparql"
        try:
            _wait(base, proc, 120, log)
            grant = subprocess.run(
                [isql, f"127.0.0.1:{sql_port}", "dba", "dba",
                 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                capture_output=True, text=True, timeout=60)
            if grant.returncode != 0:
                raise RuntimeError(f"isql could not grant SPARQL_UPDATE: {grant.stdout}"
                                   f"{grant.stderr}")
            yield Engine("virtuoso", base, base)
        finally:
            _stop(proc)
