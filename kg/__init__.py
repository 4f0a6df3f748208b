"""lifecycle-kg: which AI-safety arguments rely on which properties of training and deployment.

>>> import kg
>>> graph = kg.load()
>>> [a.id for a in graph.arguments_assuming("sandboxed-in-training")]  # doctest: +SKIP
"""

from kg.errors import LoadError, Problem, UnknownIdError, ValidationError
from kg.graph import KnowledgeGraph, SearchHit
from kg.loader import load
from kg.model import (
    Archetype,
    Argument,
    Assumption,
    Dependency,
    ExceptionCase,
    Fact,
    Level,
    LifecycleProperty,
    Observation,
    Phase,
    ScenarioReport,
    Source,
    Undermining,
    Verdict,
)

__version__ = "0.1.0"

__all__ = [
    "Archetype", "Argument", "Assumption", "Dependency", "ExceptionCase", "Fact",
    "KnowledgeGraph", "Level", "LifecycleProperty", "LoadError", "Observation", "Phase",
    "Problem", "ScenarioReport", "SearchHit", "Source", "Undermining", "UnknownIdError",
    "ValidationError", "Verdict", "load",
]
