"""A server in a child process: wait until it answers, stop it when done.

The benchmark's API, the peer and the load test's server all run in processes of
their own (their clients never share the server's GIL) and are started and
stopped the same way.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

import httpx2


def wait_ready(
    process: subprocess.Popen[bytes],
    ready: Callable[[], bool],
    what: str,
    *,
    error: type[Exception] = RuntimeError,
    hint: str = "",
    seconds: float = 60,
) -> None:
    """Poll `ready()` until it holds; raise `error` if the process exits or time runs out.

    `what` names the server in the messages ("the peer"); `hint` ends them ("; see its log").
    """
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise error(f"{what} exited with {process.returncode}{hint}")
        try:
            if ready():
                return
        except httpx2.TransportError:
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise error(f"{what} did not get ready within {seconds:g} s{hint}")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes], seconds: float = 20) -> bool:
    """SIGTERM, as an orchestrator stops a server, then SIGKILL after `seconds`.

    Returns whether it stopped on SIGTERM.
    """
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False
    return True
