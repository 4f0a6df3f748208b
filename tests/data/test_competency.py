"""The competency questions, answered through the KnowledgeGraph facade."""

from __future__ import annotations

import pytest

import kg
from tests.competency import QUESTIONS, Question, answer


def test_there_are_25_questions() -> None:
    assert len(QUESTIONS) >= 25
    assert len({q.text for q in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.text[:60])
def test_competency_question(graph: kg.KnowledgeGraph, question: Question) -> None:
    got = answer(graph, question)
    assert got == question.expected, (
        f"{question.text}\n  missing: {sorted(question.expected - got)}\n"
        f"  unexpected: {sorted(got - question.expected)}"
    )
