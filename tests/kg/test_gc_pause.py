"""Pauses of the garbage collector nest and overlap, and collection always comes back."""

from __future__ import annotations

import gc
import threading

import pytest

from kg.gc_pause import gc_paused


def test_pauses_nest_and_collection_resumes_after_the_last() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_resumes_after_an_error_and_across_threads() -> None:
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with gc_paused():
            inside.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    inside.wait(10)
    with gc_paused():
        pass
    assert not gc.isenabled()  # the other thread's pause is still on
    release.set()
    t.join(10)
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_pause_built_is_frozen_until_the_next_pause() -> None:
    gc.unfreeze()
    with gc_paused():
        kept = [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= 1000 and kept
    with gc_paused():
        assert gc.get_freeze_count() == 0  # back in sight while the next one runs
    gc.unfreeze()


def test_a_dropped_graph_is_freed_without_the_collector() -> None:
    import weakref

    import kg

    with gc_paused():
        g = kg.load(use_cache=True)
        g.warm()
        g.evaluate({"pre-deployment-gate": False})
    ref = weakref.ref(g)
    g.close()
    del g
    assert ref() is None  # no reference cycle keeps a graph (or its records) alive
    gc.unfreeze()
