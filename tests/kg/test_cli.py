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
