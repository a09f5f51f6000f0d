"""The local Neo4j: Neo4j Community embedded in a small JVM launcher.

For machines without a Docker engine. The jars come once from Maven Central
through neo4j-local/pom.xml (Maven caches them in ~/.m2), fetched by the Maven
wrapper (neo4j-local/mvnw: Maven 3.9, itself fetched once from Maven Central, whose
resolver fetches in parallel as .mvn/maven.config asks: 23 s on a fresh machine
where the machine's Maven 3.8 took 92 s); the launcher runs in
the background with its pid, port and log in one folder (default `.neo4j/`).
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from talentgraph.settings import ROOT, get_settings

PROJECT = ROOT / "neo4j-local"
JAR = PROJECT / "target" / "neo4j-local-1.jar"
LIBS = PROJECT / "target" / "lib"

# Neo4j 5 reaches into JDK internals (netty, the page cache); JDK 17 needs them opened.
JVM_FLAGS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    # Two cores: keep the JVM from sizing thread pools and GC for a bigger box.
    "-XX:ActiveProcessorCount=2",
    # The throughput collector, not G1: G1's concurrent work took the second core from
    # a large write (an import of 100,000 facts, whose transaction state lives on the
    # heap until the commit): 10.8-13.2 s with G1, 9.5-10.2 s with this, in alternated
    # runs (docs/benchmarks.md, imports at scale). Planning, the suite's cost, is the
    # same with either.
    "-XX:+UseParallelGC",
]


# The processes this Python process started, so stop() can reap them properly.
_children: dict[int, subprocess.Popen[bytes]] = {}


class LocalNeo4jError(RuntimeError):
    """A failure a user can act on; the message says what to do."""


@dataclass(frozen=True)
class LocalNeo4j:
    """One launcher process. With `instances` above 1 it runs that many servers, each with
    a store of its own, in the one JVM: server i listens on `port + 10 * i` (the test
    workers' servers, which then share the JIT's work: docs/benchmarks.md)."""

    home: Path
    port: int = 7687
    heap: str = "1g"  # for the whole JVM
    pagecache: str = "256m"  # for each server
    tx_timeout: str = "30s"
    tx_memory: str = "512m"
    instances: int = 1

    @property
    def uri(self) -> str:
        return self.uri_of(0)

    def uri_of(self, instance: int) -> str:
        return f"bolt://127.0.0.1:{self.port + 10 * instance}"

    @property
    def data(self) -> Path:
        return self.data_of(0)

    def data_of(self, instance: int) -> Path:
        return self.home / ("data" if instance == 0 else f"data-{instance}")

    @property
    def _pid_file(self) -> Path:
        return self.home / "pid"

    @property
    def _log(self) -> Path:
        return self.home / "launcher.log"

    def password(self) -> str:
        return os.environ.get("NEO4J_PASSWORD") or (self.data / "password").read_text().strip()

    def build(self) -> bool:
        """Fetch the jars and compile the launcher unless already done. True if it built.

        Under a lock: two processes starting at once (the test workers on a fresh clone)
        would otherwise run Maven in the same folder together, and one of them fail."""
        PROJECT.joinpath("target").mkdir(exist_ok=True)
        with open(PROJECT / "target" / ".build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            return self._build()

    def _build(self) -> bool:
        sources = [PROJECT / "pom.xml", *PROJECT.glob("src/**/*.java")]
        if (
            JAR.exists()
            and LIBS.is_dir()
            and all(s.stat().st_mtime <= JAR.stat().st_mtime for s in sources)
        ):
            return False
        try:
            subprocess.run(
                [str(PROJECT / "mvnw"), "-q", "-B", "-f", str(PROJECT / "pom.xml"), "package"],
                check=True,
                capture_output=True,
                text=True,
            )
        except FileNotFoundError as e:
            raise LocalNeo4jError(f"{PROJECT / 'mvnw'} is missing; it fetches Neo4j's jars") from e
        except subprocess.CalledProcessError as e:
            raise LocalNeo4jError(
                f"building the Neo4j launcher failed:\n{e.stdout}{e.stderr}"
            ) from e
        return True

    def running_pid(self) -> int | None:
        try:
            pid = int(self._pid_file.read_text())
        except (FileNotFoundError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return None
        # A recycled pid belongs to some other program: not ours.
        return pid if b"talentgraph.Launcher" in cmdline else None

    def start(self, timeout: float = 180.0) -> str:
        if self.running_pid() is not None:
            raise LocalNeo4jError(f"the local Neo4j is already running at {self.uri}")
        ports = [self.port + 10 * i for i in range(self.instances)]
        if taken := [port for port in ports if not port_free(port)]:
            raise LocalNeo4jError(
                f"port {taken[0]} on 127.0.0.1 is already in use by another program; "
                "set TALENTGRAPH_LOCAL_NEO4J_PORT to another port"
            )
        self.build()
        self.home.mkdir(parents=True, exist_ok=True)
        argv = [
            "java",
            f"-Xmx{self.heap}",
            *JVM_FLAGS,
            "-cp",
            f"{JAR}:{LIBS}/*",
            "talentgraph.Launcher",
            "--port", ",".join(map(str, ports)),
            "--data", ",".join(str(self.data_of(i)) for i in range(self.instances)),
            "--pagecache", self.pagecache,
            "--tx-timeout", self.tx_timeout,
            "--tx-memory", self.tx_memory,
        ]  # fmt: skip
        with self._log.open("w") as log:
            # Its own session: Ctrl-C in the shell that started it does not stop it.
            process = subprocess.Popen(
                argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        _children[process.pid] = process
        self._pid_file.write_text(str(process.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "READY " in self._log.read_text(errors="replace"):
                return self.uri
            if process.poll() is not None:
                _children.pop(process.pid, None)
                self._pid_file.unlink(missing_ok=True)
                tail = self._log.read_text(errors="replace")[-2000:]
                raise LocalNeo4jError(f"the local Neo4j exited during start:\n{tail}")
            time.sleep(0.2)
        self.stop()
        raise LocalNeo4jError(
            f"the local Neo4j did not answer within {timeout:.0f}s; see {self._log}"
        )

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop it and wait until the process is gone. False if it was not running."""
        pid = self.running_pid()
        if pid is None:
            self._pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.05)
        self._pid_file.unlink(missing_ok=True)
        return True


def _alive(pid: int) -> bool:
    if (child := _children.get(pid)) is not None:
        if child.poll() is None:
            return True
        del _children[pid]
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def from_settings() -> LocalNeo4j:
    s = get_settings()
    return LocalNeo4j(
        home=s.local_neo4j_dir, port=s.local_neo4j_port, heap=s.local_neo4j_heap,
        pagecache=s.local_neo4j_pagecache,
    )  # fmt: skip
