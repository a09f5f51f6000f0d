"""Subscriptions over a WebSocket at `/graphql`: the graphql-transport-ws protocol.

Strawberry's own protocol handler (the message flow, connection_init's timeout,
ping/pong, one task per operation), with the house rules added:

- who subscribes: the handshake's `Authorization` header, or `Authorization` in
  connection_init's payload (browsers cannot set headers on a WebSocket); a bad
  or missing key is refused per operation, as a GraphQL error with its code;
- persisted operations: a subscribe message may carry a trusted document's id or
  an APQ hash instead of the text, under the same rules as over HTTP;
- limits answer with codes: operations per connection (RATE_LIMITED, rule
  `subscriptions-per-connection`); a connection with no operation open for
  `subscription_idle_seconds` is closed (1000, "idle");
- a stream the server ends because it is stopping closes the socket with 1012
  (service restart), which clients retry, rather than `complete`, which would
  tell them the subscription is over. (uvicorn sends 1012 itself when it stops.)
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ErrorMessage,
    Message,
    SubscribeMessage,
)
from strawberry.types.unset import UnsetType

from talentgraph.auth import authenticate
from talentgraph.context import Context
from talentgraph.errors import AppError, LimitReached
from talentgraph.graphql_request import Operation
from talentgraph.persisted import DocumentRefused, PersistedDocuments
from talentgraph.refusals import graphql_error
from talentgraph.settings import Settings


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    view: SubscriptionsOverWebSocket

    async def handle(self) -> None:
        idle = asyncio.create_task(self._close_when_idle())
        try:
            await super().handle()
        finally:
            idle.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await idle

    async def _close_when_idle(self) -> None:
        limit = self.view.settings.subscription_idle_seconds
        quiet = 0.0
        step = min(limit, 1.0)
        while quiet < limit:
            await asyncio.sleep(step)
            quiet = 0.0 if self.operations else quiet + step
        await self.websocket.close(code=1000, reason="idle: no subscription open")

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if not self.connection_acknowledged:
            await self.websocket.close(code=4401, reason="Unauthorized")
            return
        payload: dict[str, Any] = message.get("payload") or {}  # type: ignore[assignment]
        limit = self.view.settings.subscriptions_per_connection
        if message["id"] not in self.operations and len(self.operations) >= limit:
            error = LimitReached("subscriptions-per-connection",
                                 f"this connection has {limit} operations open, the limit: "
                                 "complete one first")  # fmt: skip
            await self._refuse(message["id"], error.message, error.extensions)
            return
        op = Operation(
            query=payload.get("query"),
            variables=payload.get("variables"),
            operation_name=payload.get("operationName"),
            extensions=payload.get("extensions") or {},
            document_id=payload.get("documentId"),
        )
        documents: PersistedDocuments = self.view.documents
        try:
            text = documents.text(op)
        except DocumentRefused as e:
            await self._refuse(message["id"], e.message,
                               {"code": str(e.code), "rule": "persisted-document"})  # fmt: skip
            return
        documents.remember(op)
        message["payload"] = {**payload, "query": text}  # type: ignore[typeddict-item]
        self.max_subscriptions_per_connection = None  # counted above, with a code
        await super().handle_subscribe(message)

    async def _refuse(self, id: str, message: str, extensions: dict[str, Any]) -> None:
        error = graphql_error(extensions["code"], extensions.get("rule", "subscribe"), message)
        refusal = ErrorMessage(id=id, type="error", payload=[error])  # type: ignore[list-item]
        await self.send_message(refusal)

    async def send_message(self, message: Message) -> None:
        feed = self.context.feed
        if message["type"] == "complete" and feed is not None and feed.closing:
            await self.websocket.close(
                code=1012, reason="the server is stopping: subscribe again with `after`"
            )
            return
        await super().send_message(message)


class SubscriptionsOverWebSocket(GraphQL[Context, None]):
    """Strawberry's ASGI view, for WebSockets only (HTTP is talentgraph/graphql_http.py)."""

    graphql_transport_ws_handler_class = TransportWSHandler

    def __init__(self, app_state: Any, settings: Settings):
        super().__init__(
            app_state.schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=settings.subscription_init_seconds),
            max_subscriptions_per_connection=None,
        )
        self.app_state = app_state
        self.settings = settings

    @property
    def documents(self) -> PersistedDocuments:
        documents: PersistedDocuments = self.app_state.documents
        return documents

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        context = Context(
            graph=self.app_state.graph,
            settings=self.settings,
            feed=getattr(self.app_state, "feed", None),
            client_address=request.client.host if request.client else None,
        )
        self._authenticate(context, request.headers.get("authorization"))
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        authorization = params.get("Authorization", params.get("authorization"))
        if isinstance(authorization, str):
            self._authenticate(context, authorization)
        return await super().on_ws_connect(context)

    def _authenticate(self, context: Context, authorization: str | None) -> None:
        context.auth_error = None
        try:
            context.principal = authenticate(authorization, self.settings)
        except AppError as e:
            context.principal = None
            context.auth_error = e  # raised where the read scope is checked, per operation
