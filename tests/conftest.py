"""Shared fixtures: the curated graph is loaded (and SHACL-validated) once per session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORE = ROOT / "data" / "core"


@cache
def curated() -> kg.KnowledgeGraph:
    return kg.load()


@pytest.fixture(scope="session")
def graph() -> kg.KnowledgeGraph:
    return curated()
