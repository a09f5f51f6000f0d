"""The root Subscription type: the change log, live (docs/history.md#live-changes-subscriptions).

Served over the graphql-transport-ws WebSocket protocol (talentgraph/subscriptions_ws.py)
and over multipart HTTP (talentgraph/subscriptions_http.py); both run this resolver,
which reads the process's one change feed (talentgraph/changefeed.py).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.changes import check_filters
from schema.changes import Change, change
from schema.permissions import CanRead
from talentgraph.auth import ANONYMOUS, Scope
from talentgraph.changefeed import ChangeFeed
from talentgraph.context import Context
from talentgraph.errors import AppError

After = Annotated[
    int | None,
    strawberry.argument(
        description="The last sequence number the subscriber has: every later change comes "
        "first, once and in order, then the live ones. Null: only changes from now on."
    ),
]
Kinds = Annotated[
    list[str] | None,
    strawberry.argument(
        description="Only changes that touched one of these types (`Person`, `Employment`...)."
    ),
]
Ids = Annotated[
    list[strawberry.ID] | None,
    strawberry.argument(description="Only changes that touched one of these ids."),
]


@strawberry.type
class Subscription:
    @strawberry.subscription(
        permission_classes=[CanRead],
        description="Every change to the graph as it is committed, on any API process: the "
        "same records as `changes`. Resume after a disconnect with `after:` the last `seq` "
        "received. A subscriber that falls too far behind is ended with SLOW_CONSUMER and "
        "`extensions.after`, the cursor to resume from.",
    )
    async def changes(
        self, info: Info[Context, None], after: After = None, kinds: Kinds = None,
        ids: Ids = None,
    ) -> AsyncGenerator[Change, None]:  # fmt: skip
        context = info.context
        feed: ChangeFeed | None = context.feed
        if feed is None:
            raise AppError("subscriptions are served by `talentgraph serve` only")
        principal = context.require(Scope.READ)
        kinds, checked_ids = check_filters(after or 0, 1, kinds, [str(i) for i in ids or ()])
        key = principal.name
        if principal is ANONYMOUS and context.client_address:
            key = f"anonymous@{context.client_address}"
        subscriber = feed.subscribe(key, after, kinds, checked_ids)
        async for record in subscriber.changes():
            yield change(record)
