"""The application layer of reads: plain functions from a request's context to records.

They check arguments (resolvers/arguments.py), run the reviewed statements of
cypher/ through `Graph`, and answer plain dicts as Neo4j returned them; the
GraphQL layer (schema/) turns those into the API's types. Nothing here knows
Strawberry. These are the reference executor's reads; the compiled read path
(compiler/) shares the argument rules.
"""

from typing import Any

Record = dict[str, Any]
"""A node's or a relationship's properties as a map (nodes carry `label`, their labels)."""
