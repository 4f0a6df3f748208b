"""Errors a client can act on, and the codes attached to them in GraphQL responses."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from kg.errors import UnknownIdError


class ApiError(Exception):
    """Bad input the client can fix (a cursor, a page size, an unknown kind)."""

    def __init__(self, message: str, code: str = "BAD_USER_INPUT", **extra: object) -> None:
        super().__init__(message)
        self.code = code
        self.extra = extra


#: Errors whose message is meant for the client: never masked, never a 500.
CLIENT_ERRORS: tuple[type[BaseException], ...] = (UnknownIdError, ApiError, ValueError)


def is_client_error(error: GraphQLError) -> bool:
    """Validation and parse errors have no original error; resolver errors are ours if listed."""
    return error.original_error is None or isinstance(error.original_error, CLIENT_ERRORS)


class ErrorCodes(SchemaExtension):
    """Attach ``extensions.code`` (and, for unknown ids, the kind, id and suggestions)."""

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            original = error.original_error
            if isinstance(original, UnknownIdError):
                error.extensions = {"code": "UNKNOWN_ID", "kind": original.kind,
                                    "id": original.id, "suggestions": list(original.suggestions)}
            elif isinstance(original, ApiError):
                error.extensions = {"code": original.code, **original.extra}
            elif isinstance(original, ValueError):
                error.extensions = {"code": "BAD_USER_INPUT"}
            elif original is not None:
                error.extensions = {"code": "INTERNAL_SERVER_ERROR"}
