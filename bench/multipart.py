"""The client side of a multipart HTTP subscription (`multipart/mixed; boundary="graphql"`).

Read by the load test's subscribers (bench/loadtest_subscriptions.py) and by the
subscription tests (tests/subscriptions/support.py): one reader, so both see the stream
the way Apollo's clients do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx2
import orjson


async def parts(response: httpx2.Response) -> AsyncIterator[dict[str, Any]]:
    """The JSON parts of a multipart subscription response, heartbeats (`{}`) left out."""
    buffer = b""
    async for chunk in response.aiter_bytes():
        buffer += chunk
        while True:
            start = buffer.find(b"\r\n\r\n")
            end = buffer.find(b"\r\n--graphql", start + 4) if start >= 0 else -1
            if end < 0:
                break
            body, buffer = buffer[start + 4 : end], buffer[end:]
            part = orjson.loads(body)
            if part:
                yield part
