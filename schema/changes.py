"""The change log's types: a Change, its Revisions, the feed and an id's history.

Built from the plain records of resolvers/changes.py. The `changes` feed and
`history` always run through these resolvers: the compiler falls back for them
(they read the change log, not the graph's facts; see compiler/compile.py).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from resolvers import changes, evidence
from schema import records
from schema.connections import Edge, PageInfo
from schema.loaders import loader
from schema.scalars import JSON
from talentgraph.context import Context

if TYPE_CHECKING:
    from schema.types import Source

HISTORY_FIRST = 10


@strawberry.type(
    description=(
        "One entity, fact or redirect as one change found it and left it. `before` null: it was "
        "created; `after` null: it was deleted. Properties are as stored (dates as ISO text)."
    )
)
class Revision:
    id: strawberry.ID = strawberry.field(description="The entity's or fact's id.")
    seq: int = strawberry.field(description="The change's sequence number.")
    kind: str = strawberry.field(
        description="Its API type: `Person`, `Employment`... (`Redirect`: a merged id)."
    )
    before: JSON | None = strawberry.field(description="Its properties before the change.")
    after: JSON | None = strawberry.field(description="Its properties after the change.")
    source_ids: list[strawberry.ID] = strawberry.field(
        description="The sources it cites (after the change, or before a deletion)."
    )
    at: datetime | None = strawberry.field(
        default=None, description="When the change committed (in `history`; see `Change.at`)."
    )
    by: str | None = strawberry.field(default=None, description="The key that wrote it.")
    operation: str | None = strawberry.field(
        default=None, description="The change's operation (in `history`)."
    )
    reverts: int | None = strawberry.field(
        default=None, description="The seq of the change this one reverted, if it is a revert."
    )

    @strawberry.field(description="The sources it cites.")
    async def sources(
        self, info: Info[Context, None]
    ) -> list[Annotated[Source, strawberry.lazy("schema.types")]]:
        batch = partial(evidence.sources, info.context)
        found = await loader(info.context, "sources", batch).load_many(list(self.source_ids))
        return [records.entity(s) for s in found if s is not None]


@strawberry.type(
    description=(
        "One write as the change log keeps it: every mutation, merge, revert, seed load and "
        "import is one change, numbered in commit order without gaps."
    )
)
class Change:
    seq: int = strawberry.field(description="Its sequence number: 1, 2, 3... in commit order.")
    at: datetime = strawberry.field(description="When it committed.")
    by: str | None = strawberry.field(
        description="The name of the API key that wrote it; null for loads from the command line."
    )
    operation: str = strawberry.field(
        description="The mutation (`upsertPerson`, `mergeEntities`, `revertChange`...), or "
        "`seed` or `import`."
    )
    ids: list[strawberry.ID] = strawberry.field(
        description="The ids it touched (empty for loads, which keep counts only)."
    )
    kinds: list[str] = strawberry.field(description="The API types it touched.")
    counts: JSON | None = strawberry.field(description="A load's counts; null for mutations.")
    reverts: int | None = strawberry.field(description="The seq of the change it reverted.")
    revisions: list[Revision] = strawberry.field(
        description="What it touched, before and after (none for loads)."
    )


@strawberry.type(description="A page of the change log, oldest first.")
class ChangeConnection:
    edges: list[Edge[Change]]
    page_info: PageInfo = strawberry.field(
        description="`endCursor`: the last seq of the page, as text; pass it as `after` (an Int)."
    )

    @strawberry.field(description="The page's changes (a shortcut for edges.node).")
    def nodes(self) -> list[Change]:
        return [edge.node for edge in self.edges]


@strawberry.type(description="A page of an id's history, newest first.")
class RevisionConnection:
    total_count: int = strawberry.field(description="How many revisions the id has.")
    edges: list[Edge[Revision]]
    page_info: PageInfo

    @strawberry.field(description="The page's revisions (a shortcut for edges.node).")
    def nodes(self) -> list[Revision]:
        return [edge.node for edge in self.edges]


def revision(record: dict[str, Any]) -> Revision:
    plain = {k: v for k, v in record.items() if k != "sources"}
    return Revision(**plain, source_ids=record["sources"])


def change(record: dict[str, Any]) -> Change:
    """A Change from resolvers/changes.py's record (the subscriptions yield these too)."""
    return Change(**{**record, "revisions": [revision(r) for r in record["revisions"]]})


def _page_info(edges: list[Any], more: bool, earlier: bool) -> PageInfo:
    return PageInfo(
        has_next_page=more,
        has_previous_page=earlier,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )


async def feed(
    context: Context, after: int, first: int, kinds: list[str] | None, ids: list[str] | None
) -> ChangeConnection:
    kinds, ids = changes.check_filters(after, first, kinds, ids)
    found = await changes.read_after(context.graph, after, first + 1, kinds, ids)
    edges = [Edge(cursor=str(c["seq"]), node=change(c)) for c in found[:first]]
    return ChangeConnection(edges=edges, page_info=_page_info(edges, len(found) > first, after > 0))


async def history(context: Context, id: str, first: int, after: str | None) -> RevisionConnection:
    items, total, more = await changes.history(context, id, first, after)
    edges = [Edge(cursor=str(r["seq"]), node=revision(r)) for r in items]
    return RevisionConnection(
        total_count=total, edges=edges, page_info=_page_info(edges, more, after is not None)
    )


HistoryFirst = Annotated[int, strawberry.argument(description="Page size (newest first).")]
HistoryAfter = Annotated[
    str | None, strawberry.argument(description="The cursor of the last revision seen.")
]
