"""A byte-bounded, least-recently-used store whose entries belong to one graph generation.

Both response caches keep answers this way (``api/response_cache.py`` by normalised operation,
``api/wire_cache.py`` by exact request bytes): a reload empties it, and the oldest entries go
first once the byte budget is spent.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class GenerationLRU(Generic[K, V]):
    def __init__(self, generation: Callable[[], int], max_bytes: int, max_entry: int,
                 size: Callable[[K, V], int]) -> None:
        self.generation = generation
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self._size_of = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[K, V] = OrderedDict()
        self.size = 0
        self._gen = -1

    def _sync(self, gen: int) -> None:
        if gen != self._gen:  # a reload: nothing kept belongs to the new graph
            self._entries.clear()
            self.size, self._gen = 0, gen

    def get(self, key: K) -> V | None:
        with self._lock:
            self._sync(self.generation())
            got = self._entries.get(key)
            if got is not None:
                self._entries.move_to_end(key)
            return got

    def put(self, key: K, value: V, generation: int) -> bool:
        """Keep ``value`` if it was computed on the current graph and fits; True if kept."""
        size = self._size_of(key, value)
        if size > self.max_entry:
            return False
        with self._lock:
            if generation != self.generation():
                return False
            self._sync(generation)
            if key in self._entries:
                return True
            self._entries[key] = value
            self.size += size
            while self.size > self.max_bytes and self._entries:
                old_key, old = self._entries.popitem(last=False)
                self.size -= self._size_of(old_key, old)
        return True
