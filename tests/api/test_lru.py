"""The store both response caches use: a reload empties it, an answer computed on an older
graph is not kept, and the oldest entries go first once the byte budget is spent."""

from __future__ import annotations

from api.lru import GenerationLRU


def test_generations_budget_and_order() -> None:
    gen = [1]
    lru: GenerationLRU[str, bytes] = GenerationLRU(lambda: gen[0], max_bytes=10, max_entry=6,
                                                   size=lambda k, v: len(v))
    assert lru.put("a", b"1234", 1) and lru.put("b", b"1234", 1)
    assert lru.get("a") == b"1234"  # now the most recently used
    assert lru.put("c", b"1234", 1) and lru.size == 8
    assert lru.get("b") is None and lru.get("a") == b"1234"  # b was the oldest
    assert not lru.put("big", b"1234567", 1)  # over the per-entry limit
    assert not lru.put("d", b"1", 0)  # computed on an older graph
    gen[0] = 2
    assert lru.get("a") is None and lru.size == 0  # a reload empties it
