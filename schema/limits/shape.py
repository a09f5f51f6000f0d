"""The document's shape: depth, aliases, fields once fragments are inlined, spreads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)
from graphql.language.visitor import SKIP, VisitorAction

from schema.limits.fragments import PerFragment, refusal


@dataclass(frozen=True)
class _Shape:
    """What a selection set adds to a query wherever it appears."""

    depth: int = 0  # levels of fields with selections below it (introspection not counted)
    aliases: int = 0  # aliased fields, fragments inlined
    fields: int = 0  # fields, fragments inlined: what a naive executor would visit

    def __add__(self, other: _Shape) -> _Shape:
        return _Shape(
            max(self.depth, other.depth), self.aliases + other.aliases, self.fields + other.fields
        )


_EMPTY = _Shape()


class _Shapes(PerFragment[_Shape]):
    """Each fragment's shape, computed once however often it is spread."""

    def __init__(self, document: DocumentNode):
        super().__init__(document, _EMPTY)

    def walk(self, fragment: FragmentDefinitionNode) -> _Shape:
        return self.of(fragment.selection_set)

    def of(self, selections: SelectionSetNode | None) -> _Shape:
        shape = _EMPTY
        for node in selections.selections if selections else ():
            if isinstance(node, FieldNode):
                below = self.of(node.selection_set)
                # Introspection is as deep as the type system, not as the data.
                nested = node.selection_set and not node.name.value.startswith("__")
                shape += _Shape(
                    1 + below.depth if nested else 0,
                    below.aliases + (1 if node.alias else 0),
                    below.fields + 1,
                )
            elif isinstance(node, InlineFragmentNode):
                shape += self.of(node.selection_set)
            elif isinstance(node, FragmentSpreadNode):
                shape += self.fragment(node.name.value)
        return shape


def document_limits(
    max_depth: int, max_aliases: int, max_fields: int, max_spreads: int
) -> type[ValidationRule]:
    """A validation rule that refuses documents too deep, too aliased or too big once inlined.

    It replaces Strawberry's QueryDepthLimiter and MaxAliasesLimiter (same
    limits, same counting: introspection fields add no depth, aliases count
    every time their fragment is spread), whose walks revisit every spread.
    """

    class DocumentLimits(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> VisitorAction:
            spreads = _count_spreads(node)
            if spreads > max_spreads:
                # Refused before anything walks the fragments.
                self.report_error(
                    refusal(
                        f"the document has {spreads} fragment spreads, over the limit of "
                        f"{max_spreads}: spread fewer fragments"
                    )
                )
                return SKIP
            try:
                self._check(node)
            except RecursionError:
                self.report_error(refusal("the document nests too deeply to be checked"))
            return SKIP

        def _check(self, document: DocumentNode) -> None:
            shapes = _Shapes(document)
            total = _EMPTY
            for definition in document.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                shape = shapes.of(definition.selection_set)
                if shape.depth > max_depth:
                    name = definition.name.value if definition.name else "anonymous"
                    self.report_error(
                        refusal(
                            f"operation '{name}' is {shape.depth} levels deep, over the "
                            f"maximum operation depth of {max_depth}",
                            definition,
                        )
                    )
                total += shape
            if total.aliases > max_aliases:
                self.report_error(
                    refusal(f"{total.aliases} aliases found, over the limit of {max_aliases}")
                )
            if total.fields > max_fields:
                self.report_error(
                    refusal(
                        f"the query selects {total.fields:,} fields once its fragments are "
                        f"inlined, over the limit of {max_fields:,}: spread fragments less often"
                    )
                )

    return DocumentLimits


def _count_spreads(document: DocumentNode) -> int:
    count = 0
    pending: list[Any] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    # A stack, not recursion: the count must hold before anything else walks the document.
    while pending:
        selections = pending.pop()
        for node in selections.selections if selections else ():
            if isinstance(node, FragmentSpreadNode):
                count += 1
            elif node.selection_set is not None:
                pending.append(node.selection_set)
    return count
