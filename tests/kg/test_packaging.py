"""The wheel ships the ontology and data, and ``kg.load()`` works from it outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from kg.resources import data_files
from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_loads_outside_the_checkout(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
         str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr[-2000:]}")
    wheel = next(tmp_path.glob("lifecycle_kg-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        z.extractall(tmp_path / "site")
    assert "kg/_resources/ontology/lifecycle.ttl" in names
    assert "kg/_resources/ontology/shapes.ttl" in names
    assert "kg/_resources/ontology/kinds.ttl" in names
    assert "kg/_resources/ontology/lifecycle.html" in names
    # the licences travel with the code and the data
    assert "kg/_resources/LICENSE" in names and "kg/_resources/data/LICENSE" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), sorted(names)[-8:]
    shipped = {n for n in names if n.startswith("kg/_resources/data/") and n.endswith(".ttl")}
    assert len(shipped) == len(data_files())
    # -S: no site processing, so the editable install of the checkout is invisible; the
    # dependencies come from this environment's site-packages, kg only from the wheel.
    env = {"PYTHONPATH": f"{tmp_path / 'site'}:{sysconfig.get_paths()['purelib']}"}
    run = subprocess.run(
        [sys.executable, "-S", "-c",
         "import kg; g = kg.load(); print(kg.__file__); print(len(g.rdf))"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    where, count = run.stdout.split()
    assert Path(where).is_relative_to(tmp_path / "site")
    assert int(count) > 1000
