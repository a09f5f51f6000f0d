"""Limits on what one GraphQL request may ask, each checked in time linear in its size.

A document may spread a fragment many times, and fragments spread each other:
`{...F0} fragment F0 on Query {...F1 ...F1} fragment F1 on Query {...F2 ...F2} ...`
doubles at every level, so a check that walks into every spread takes time
exponential in the document (753 bytes held the event loop for 10 s). Every
check here computes each fragment's contribution once and reuses it wherever
the fragment is spread (`fragments.PerFragment`): the document's shape (depth,
aliases, fields once fragments are inlined, spreads) in `shape`, the cost in
`cost`.

The cost of a query is, summed over every field, the product of the `first`
arguments on the way down to it (an unset `first` counts as its default), so
`people(first: 1000) { employments(first: 5) {...} }` costs 1000 + 5000.
Variables count with the values the query will run with: those sent, else the
variable's default, else the argument's default. A list asked only for its
`totalCount` costs nothing, since no items come back. The cost is linear in
that product, so a fragment's cost for a weight w is w times its cost for 1.

IDs are capped in length, in literals (a validation rule) and in variables
(checked on their coerced values): an id of a few kilobytes is never real, and
over ~8 KB Neo4j's index refuses it with an error the client could not act on.
"""

from schema.limits.cost import Estimate as _Estimate
from schema.limits.ids import id_length_limit
from schema.limits.request import RequestLimits
from schema.limits.shape import document_limits

# `_Estimate` is the name tests have always read the cost estimate by.
__all__ = ["RequestLimits", "_Estimate", "document_limits", "id_length_limit"]
