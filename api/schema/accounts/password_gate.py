"""After an admin's password reset the one-time password opens one door: changing it.

A user signed in with it may run only `changePassword`, `logout` and `viewer` (and `__typename`); any
other operation is refused as a whole, before anything executes, with the top-level code
PASSWORD_CHANGE_REQUIRED, so a front end sends them to the change-password form. The flag comes with the
token's user (`Actor.must_change_password`), so the check costs no query.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from api.context import Context
from api.errors import PasswordChangeRequired

ALLOWED: Final = {
    OperationType.QUERY: frozenset({"viewer", "__typename"}),
    OperationType.MUTATION: frozenset({"changePassword", "logout", "__typename"}),
}


def root_fields(document: DocumentNode, operation_name: str | None) -> tuple[OperationType, set[str]] | None:
    """The operation's kind and the names of the root fields it selects, through fragments; None when
    the document names no such operation (graphql-core then answers that itself)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    names: set[str] = set()

    def collect(selection_set: SelectionSetNode, seen: frozenset[str]) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                collect(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    collect(fragment.selection_set, seen | {name})

    collect(operation.selection_set, frozenset())
    return operation.operation, names


class PasswordChangeGate(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        document = execution.graphql_document
        if (
            execution.result is None
            and isinstance(context, Context)
            and context.actor.must_change_password
            and document is not None
        ):
            found = root_fields(document, execution.operation_name)
            if found is not None:
                kind, names = found
                allowed = ALLOWED.get(kind, frozenset())
                if not names <= allowed:
                    execution.result = ExecutionResult(data=None, errors=[PasswordChangeRequired()])
        yield


__all__ = ["PasswordChangeGate", "root_fields"]
