"""Token buckets per API key and per client address, in this process.

Each replica (and each worker) keeps its own buckets, so N processes allow N times
the configured rate; docs/operations.md#rate-limits says how to share a limit.
`limits` (PyPI) was the candidate library, but it offers windows only (fixed,
moving, sliding), not a bucket with a separate burst and a time to retry.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from talentgraph.auth import ANONYMOUS, authenticate
from talentgraph.errors import AppError
from talentgraph.settings import Settings

# Buckets are evicted least recently used past this many, so clients with ever new
# addresses (an IPv6 range) cannot grow memory. An evicted bucket comes back full,
# which only ever lets a client in, never out.
MAX_BUCKETS = 100_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """Buckets of one kind (keys, or addresses): `burst` at once, refilled at `rate`/s."""

    def __init__(self, rate: float, burst: int, max_buckets: int = MAX_BUCKETS):
        self.rate = rate
        self.burst = burst
        self.max_buckets = max_buckets
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, who: str, now: float | None = None) -> float | None:
        """Take a token for `who`: None if there was one, else the seconds until there is."""
        now = time.monotonic() if now is None else now
        bucket = self._buckets.get(who)
        if bucket is None:
            bucket = self._buckets[who] = _Bucket(float(self.burst), now)
            if len(self._buckets) > self.max_buckets:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(who)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        return (1 - bucket.tokens) / self.rate if self.rate > 0 else math.inf


@dataclass(frozen=True)
class Limited:
    """A refused request: whose bucket was empty, and when to come back."""

    who: str  # "key" or "address"
    retry_after: int  # whole seconds, as the Retry-After header takes them


class RateLimiter:
    """The buckets for keyed requests and those for requests without a valid key."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.keys = TokenBuckets(settings.rate_limit_key_per_second, settings.rate_limit_key_burst)
        self.addresses = TokenBuckets(
            settings.rate_limit_address_per_second, settings.rate_limit_address_burst
        )

    def check(self, authorization: str | None, address: str) -> Limited | None:
        try:
            principal = authenticate(authorization, self.settings)
        except AppError:
            # An unknown or malformed key counts against the address: inventing keys
            # must not buy fresh buckets. The request is refused further in anyway.
            principal = None
        if principal is not None and principal is not ANONYMOUS:
            wait, who = self.keys.take(principal.name), "key"
        else:
            wait, who = self.addresses.take(address), "address"
        if wait is None:
            return None
        return Limited(who, max(1, math.ceil(min(wait, 86_400))))
