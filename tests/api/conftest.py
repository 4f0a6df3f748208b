"""Shared fixtures for the API tests: one loaded graph per session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

import kg
from api import create_app
from api.context import Context
from api.schema import build_schema


@pytest.fixture(scope="session")
def run(graph: kg.KnowledgeGraph) -> Callable[..., Any]:
    """Execute a query in-process; returns strawberry's ExecutionResult."""
    schema = build_schema()

    def execute(query: str, variables: dict[str, Any] | None = None,
                on: kg.KnowledgeGraph | None = None) -> Any:
        return schema.execute_sync(query, variable_values=variables,
                                   context_value=Context(on or graph))

    return execute


@pytest.fixture(scope="session")
def data(run: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    """Execute a query that must succeed; returns its data."""

    def execute(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        result = run(query, variables)
        assert result.errors is None, [e.message for e in result.errors]
        return result.data

    return execute


@pytest.fixture(scope="session")
def client(graph: kg.KnowledgeGraph) -> TestClient:
    return TestClient(create_app(graph))
