"""Per-request context: the graph the request runs against.

The request takes the graph once, so a reload that swaps in a new graph never mixes two graphs
in one response. Every cross-record lookup is answered by the facade from indexes it builds
once per graph, so a list of any length costs a bounded number of store queries.
"""

from __future__ import annotations

from strawberry.fastapi import BaseContext

from kg.graph import KnowledgeGraph


class Context(BaseContext):
    """What every resolver sees as ``info.context``."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        super().__init__()
        self.kg = kg
