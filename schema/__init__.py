"""The GraphQL schema: types, inputs and root operations. No database code here."""

from __future__ import annotations

import strawberry

from schema.query import Query

schema = strawberry.Schema(query=Query)
