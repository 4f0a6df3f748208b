"""Errors raised while loading or querying the graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: Path | None
    line: int | None
    message: str
    focus: str | None = None
    rule: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file) + (f":{self.line}" if self.line else "") + ": "
        focus = f"{self.focus}: " if self.focus else ""
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}{focus}{self.message}{rule}"


class LoadError(Exception):
    """The input could not be loaded; nothing was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def file(self) -> Path | None:
        return self.problems[0].file if self.problems else None

    @property
    def line(self) -> int | None:
        return self.problems[0].line if self.problems else None


class ValidationError(LoadError):
    """The input parsed but breaks the SHACL data contract."""


class UnknownIdError(KeyError):
    """An id names no record of the expected kind."""

    def __init__(self, kind: str, id: str, suggestions: list[str],
                 actual_kind: str | None = None) -> None:
        self.kind = kind
        self.id = id
        self.suggestions = suggestions
        self.actual_kind = actual_kind
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        if actual_kind:
            hint = f"; {id!r} is an {actual_kind}, not an {kind}" if actual_kind[0] in "aeiou" \
                else f"; {id!r} is a {actual_kind}, not an {kind}"
        super().__init__(f"unknown {kind} id {id!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])
