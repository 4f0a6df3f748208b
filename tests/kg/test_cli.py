"""The CLI's exit codes and messages (0 valid, 1 invalid, 2 usage or I/O error)."""

from __future__ import annotations

import json

import pytest

from kg.cli import main
from tests.conftest import CORE, FIXTURES


def test_validate_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "valid:" in capsys.readouterr().out


def test_validate_broken_file_names_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    f = FIXTURES / "invalid" / "malformed_turtle.ttl"
    assert main(["validate", str(CORE), str(f)]) == 1
    err = capsys.readouterr().err
    assert "malformed_turtle.ttl:11" in err and "nothing was loaded" in err


def test_validate_missing_path_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/file.ttl"]) == 2


def test_stats_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counts"]["Argument"] >= 60 and out["unlinked"] == []


def test_export_to_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "g.nt"
    assert main(["export", "--format", "nt", "-o", str(out)]) == 0
    assert out.read_text().count(" .\n") > 1000


@pytest.mark.parametrize("cmd", ["validate", "export", "stats", "fmt", "serve", "query"])
def test_help(cmd: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main([cmd, "--help"])
    assert e.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_serve_refuses_invalid_data(capsys: pytest.CaptureFixture[str]) -> None:
    bad = FIXTURES / "invalid" / "missing_locator.ttl"
    assert main(["serve", "--port", "1", "--data", str(CORE), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "missing_locator.ttl:27" in err and "lc:locator" in err


def test_broken_pipe_is_quiet() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        f"{sys.executable} -m kg.cli stats | head -1", shell=True, capture_output=True,
        text=True, cwd=__import__("pathlib").Path(__file__).resolve().parents[2])
    assert proc.stdout.startswith("Phase")
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_version() -> None:
    import subprocess

    from api.devserver import serve_command

    out = subprocess.run([*serve_command(), "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("lifecycle-kg ")


def test_taken_port_fails_before_any_serving_line() -> None:
    import socket
    import subprocess

    from api.devserver import serve_command

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        out = subprocess.run([*serve_command(), "serve", "--port", str(port)],
                             capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "cannot serve" in out.stderr and "serving" not in out.stderr.replace(
        "cannot serve", "")


def test_sighup_during_startup_is_queued_not_fatal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import signal
    import subprocess
    import time

    import httpx

    from api.devserver import free_port, serve_command

    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([*serve_command(), "serve", "--port", str(port),
                                 "--no-access-log"], stdout=out, stderr=subprocess.STDOUT)
        try:
            time.sleep(1.5)  # importing the server modules or loading the graph
            proc.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                assert proc.poll() is None, log.read_text()
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            assert httpx.get(f"http://127.0.0.1:{port}/healthz").json()["status"] == "ok"
        finally:
            proc.terminate()
            proc.wait(timeout=30)
