"""What the HTTP abuse tests share: a small query, and a rate-limit bucket that never refills."""

from __future__ import annotations

STATS = {"query": "{ stats { nodes } }"}

# A bucket that refills once in 1,000 s: the tests never wait for it.
SLOW_REFILL = 0.001
