"""The per-query deadline, checked each time the executor completes an object or a list.

Cooperative: a resolver already running finishes. The check sits in graphql-core's executor
(``execution_context_class``) rather than in a strawberry ``resolve`` hook: such a hook wraps
every field's resolver, and on the competency queries it cost a fifth of execution time.
``QueryTimeout`` (in ``api.schema``) starts the clock and turns a timed-out result into one
``QUERY_TIMEOUT`` error.
"""

from __future__ import annotations

import time
from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.errors import ApiError


class QueryTimeoutError(ApiError):
    """The query ran past its deadline."""


def start_clock(context: Any, seconds: float) -> None:
    """Give the request's context a deadline ``seconds`` from now."""
    context.deadline = time.monotonic() + seconds
    context.timeout_seconds = seconds


class DeadlineExecutor(StrawberryGraphQLCoreExecutionContext):  # type: ignore[misc]
    def _check(self) -> None:
        deadline = getattr(self.context_value, "deadline", None)
        if deadline is not None and time.monotonic() > deadline:
            seconds = self.context_value.timeout_seconds
            raise QueryTimeoutError(f"query timed out after {seconds:g} s: ask for fewer "
                                    "fields or a smaller page", code="QUERY_TIMEOUT")

    def complete_object_value(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return super().complete_object_value(*args, **kwargs)

    def complete_list_value(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return super().complete_list_value(*args, **kwargs)
