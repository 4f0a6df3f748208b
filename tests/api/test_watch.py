"""The watcher serves only whole graphs: a file saved in two steps is loaded once it settles,
never in between; editor leftovers and FIFOs do not disturb it."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import kg
from api.server import watch_files
from tests.conftest import CORE, FIXTURES

SECOND = """
lcd:fixture-second a lc:Argument ;
    rdfs:label "A second fixture argument" ;
    lc:kind lc:Proposal ;
    lc:summary "Another made-up argument, written in the second step of a two-step save." ;
    dcterms:source lcd:fixture-2020-source ;
    lc:hasDependency lcd:fixture-second.pre-deployment-gate .

lcd:fixture-second.pre-deployment-gate a lc:Dependency ;
    lc:assumption lcd:pre-deployment-gate ;
    lc:direction lc:RequiresHolds ;
    lc:strength lc:Necessary ;
    lc:evidence lc:CuratorReading ;
    lc:locator "Section 2" ;
    lc:rationale "The second fixture needs a gate before deployment." ;
    prov:wasAttributedTo lcd:curator-a ;
    dcterms:created "2026-11-27"^^xsd:date ;
    lc:reviewedBy lcd:reviewer-1 ;
    lc:reviewedOn "2026-11-30"^^xsd:date ;
    lc:reviewOutcome lc:Confirmed ;
    lc:versionRead "arXiv v1" ;
    lc:copyRead lc:PrimaryCopy .
"""


class Recorder:
    """Stands in for the app's GraphHolder and remembers every graph swapped in."""

    def __init__(self) -> None:
        self.served: list[int] = []

    def swap(self, graph: kg.KnowledgeGraph) -> None:
        self.served.append(len(graph.arguments()))


def test_two_step_save_is_served_only_whole(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(CORE, data / "core")
    holder = Recorder()
    stop = threading.Event()
    t = threading.Thread(target=watch_files, args=(holder, [data], stop),
                         kwargs={"interval": 0.1}, daemon=True)
    t.start()
    try:
        time.sleep(0.3)
        first = (FIXTURES / "valid" / "argument.ttl").read_text(encoding="utf-8")
        target = data / "two-steps.ttl"
        with open(target, "w", encoding="utf-8") as f:
            f.write(first)  # a valid graph on its own
            f.flush()
            time.sleep(0.05)
            f.write(SECOND)
        os.mkfifo(data / "stray.ttl")  # a FIFO must not block the watcher
        (data / ".#two-steps.ttl").write_text("lock", encoding="utf-8")
        deadline = time.monotonic() + 20
        while not holder.served and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
    finally:
        stop.set()
        t.join(timeout=10)
    assert holder.served, "the settled file was never loaded"
    assert set(holder.served) == {2}, holder.served
