"""One typed settings object, read from the environment once.

NEO4J_* keep the names every Neo4j tool uses; the service's own settings are
prefixed TALENTGRAPH_. With NEO4J_URI unset, the service talks to the local
Neo4j that `talentgraph neo4j start` runs, and reads its generated password.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from talentgraph.keys import ApiKey

ROOT = Path(__file__).resolve().parent.parent
WEAK_PASSWORDS = {"", "neo4j", "password", "changeme", "secret"}
# Where frontend dev servers run by default: Vite (5173, preview 4173), Next.js and
# Create React App (3000), Angular (4200), webpack and Vue CLI (8080).
DEV_ORIGINS = [
    f"http://{host}:{port}"
    for host in ("localhost", "127.0.0.1")
    for port in (3000, 4173, 4200, 5173, 8080)
]


class Settings(BaseSettings):
    # hide_input_in_errors: a rejected start must not print what it was given, and the
    # input of a model-level check is every setting, NEO4J_PASSWORD included.
    model_config = SettingsConfigDict(
        env_prefix="TALENTGRAPH_", extra="ignore", frozen=True, hide_input_in_errors=True
    )

    # Neo4j
    neo4j_uri: str | None = Field(None, validation_alias=AliasChoices("NEO4J_URI"))
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(None, validation_alias=AliasChoices("NEO4J_PASSWORD"))
    neo4j_database: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"))
    # Bounds on every database call, so an outage fails fast instead of hanging.
    neo4j_connect_timeout: float = 2.0
    neo4j_acquire_timeout: float = 3.0
    # Data writes run one at a time in each process (talentgraph/db.py, Graph.transaction):
    # a write waits this long for those before it, then answers TIMEOUT.
    write_queue_timeout: float = 30.0

    # The local Neo4j (no Docker): where it keeps its data, jars and pid.
    local_neo4j_dir: Path = ROOT / ".neo4j"
    local_neo4j_port: int = 7687
    local_neo4j_heap: str = "1g"
    local_neo4j_pagecache: str = "256m"

    # GraphQL
    max_page_size: int = 1_000  # `first` above this is refused (a cost limit per list)
    max_list_size: int = 10_000  # the root lists (`people`, `companies`) allow bigger pages
    max_hops: int = 6  # `connections(maxHops:)` cap: path search grows fast with hops
    # A named traversal at a `revision:` puts back this many later revisions at most, in a
    # transaction never committed (resolvers/revisions.py); older revisions are refused.
    revision_max_revisions: int = 10_000
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4_000
    max_cost: int = 100_000  # items a query could return (schema/limits.py)
    introspection: bool | None = None  # None: on locally, off in production
    graphiql: bool | None = None  # None: on locally, off in production
    graphql_get: bool = False  # queries over GET (never mutations)
    max_body_bytes: int = 100_000
    # Reads run as one compiled Cypher statement (compiler/); false runs every
    # field through its resolver, the reference executor the differential tests compare with.
    compile_reads: bool = True
    # Subqueries one compiled statement may hold; fields past it run through the
    # resolvers, so no request makes Neo4j plan a giant statement (docs/operations.md).
    compile_max_subqueries: int = 32
    cors_origins: list[str] = []

    # HTTP
    environment: Literal["local", "production"] = "local"
    host: str = "127.0.0.1"
    port: int = 8000

    @model_validator(mode="after")
    def _fail_fast_on_weak_secrets(self) -> Settings:
        if self.environment == "production":
            if self.neo4j_uri is None:
                raise ValueError("NEO4J_URI must be set in production")
            password = self.neo4j_password.get_secret_value() if self.neo4j_password else ""
            if password in WEAK_PASSWORDS:
                raise ValueError("NEO4J_PASSWORD is missing or a default; set a real one")
        return self

    @property
    def introspection_on(self) -> bool:
        return self.introspection if self.introspection is not None else self.environment == "local"

    @property
    def graphiql_on(self) -> bool:
        return self.graphiql if self.graphiql is not None else self.environment == "local"

    @property
    def local_data_dir(self) -> Path:
        return self.local_neo4j_dir / "data"

    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_neo4j_port}"

    def password(self) -> str:
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        generated = self.local_data_dir / "password"
        if self.neo4j_uri is None and generated.exists():
            return generated.read_text().strip()
        raise RuntimeError(
            "NEO4J_PASSWORD is not set, and there is no local Neo4j password at "
            f"{generated}; run `talentgraph neo4j start` or set NEO4J_URI and NEO4J_PASSWORD"
        )

    # Auth and the Cypher endpoint
    # TALENTGRAPH_API_KEYS is JSON: [{"name": ..., "sha256": ..., "scopes": [...]}]
    # (`talentgraph apikey` prints an entry).
    api_keys: list[ApiKey] = []
    # Requests without a key may read (never write, never run Cypher).
    anonymous_read: bool = False
    cypher_max_length: int = 10_000
    cypher_max_params_bytes: int = 65_536
    cypher_row_cap: int = 1_000
    cypher_timeout_seconds: float = 5.0
    # Procedures user Cypher may call: read-only introspection and search, nothing
    # that changes the schema or reveals the server's configuration. (DBMS
    # procedures such as dbms.components plan as query type "s", which the guard
    # refuses anyway.)
    cypher_procedures: list[str] = [
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
    ]

    # GraphQL request guards (schema/limits.py, schema/extensions.py): every check is
    # linear in the document, whatever its fragments (docs/operations.md, threat model).
    max_fragment_spreads: int = 100  # `...F` spreads written in one document
    max_fields: int = 5_000  # fields once fragments are inlined (a naive executor's work)
    max_id_length: int = 256  # characters in any ID argument, literal or variable
    # Client errors (bad input, not found, auth) are logged at info, each line cut
    # to this many characters of message and query, at most this many lines a second.
    log_excerpt_chars: int = 200
    log_lines_per_second: int = 20

    # Abuse guards on the HTTP side (docs/operations.md#threat-model-http): rate limits,
    # header, body and connection bounds, the readiness probe's pool, /metrics.
    rate_limit: bool = True  # the off-switch, e.g. behind a gateway that limits already
    # Token buckets: a key's requests share one bucket; requests without a (valid) key
    # share one per client address. `burst` requests at once, refilled at `per_second`.
    rate_limit_key_per_second: float = 100.0
    rate_limit_key_burst: int = 200
    rate_limit_address_per_second: float = 20.0
    rate_limit_address_burst: int = 40
    max_header_bytes: int = 16_384  # the request line and headers; 431 past it
    header_timeout_seconds: float = 10.0  # for a request's line and headers to arrive
    body_timeout_seconds: float = 10.0  # for its whole body to arrive; 408 past it
    keep_alive_seconds: int = 5  # an idle keep-alive connection is closed after this
    max_connections: int = 500  # per worker; uvicorn answers 503 past it
    backlog: int = 2048  # connections the kernel queues before uvicorn accepts them
    # Connections of the main driver, and of the small one only /readyz uses, so
    # that readiness never queues behind requests for the main pool.
    neo4j_pool_size: int = 100
    probe_pool_size: int = 2
    metrics_public: bool | None = None  # None: open locally; production needs the metrics scope
    # Operation names that become labels of talentgraph_graphql_operation_seconds; any
    # other is counted as "other", so clients cannot grow the series without bound.
    # None: every name locally, none in production.
    metrics_operations: list[str] | None = None

    @property
    def metrics_open(self) -> bool:
        return (
            self.metrics_public if self.metrics_public is not None else self.environment == "local"
        )

    @property
    def known_operations(self) -> frozenset[str] | None:
        """The operation names that are labels; None: every name."""
        if self.metrics_operations is not None:
            return frozenset(self.metrics_operations)
        return None if self.environment == "local" else frozenset()

    # Power-user Cypher: what one request may cost (docs/operations.md, "Threat
    # model: power-user Cypher"). Checked in Python before any text reaches Neo4j,
    # except the pool, which bounds what Neo4j cannot interrupt.
    # Brackets, CASE and chains such as NOT NOT ... or a.b.c...: Neo4j 5.26's
    # parser overflows its stack near 300 levels and never answers.
    cypher_max_depth: int = 64
    # Tokens in the query: planning time grows faster than linearly with long
    # operator chains (1,250 +s took Neo4j over 7 s to plan on a busy machine);
    # the longest query in cypher/ has about 500.
    cypher_max_tokens: int = 1_000
    # Elements of the range() calls inside expressions, multiplied (they may nest),
    # counted where the bounds are literals, parameters or arithmetic on them:
    # Neo4j cannot stop a single expression such as reduce() over a long list.
    cypher_max_range: int = 100_000
    # JSON bytes of an answer's rows; past it the answer stops with `truncated`.
    cypher_max_answer_bytes: int = 4_000_000
    # User Cypher has a driver and a pool of its own, so it can never take the
    # connections GraphQL reads need: at most this many power-user queries run
    # at once (keep it under Neo4j's cores), the rest wait this long, then 503.
    cypher_pool_size: int = 4
    cypher_acquire_timeout: float = 1.0
    # The request answers TIMEOUT this long after the transaction timeout even if
    # Neo4j has not stopped; the connection stays taken until Neo4j lets go of it.
    cypher_deadline_grace_seconds: float = 2.0

    # GraphQL over HTTP (talentgraph/graphql_http.py, persisted.py, http_cache.py, cors.py):
    # docs/operations.md#graphql-over-http.
    # Operations in one batched request (a JSON array, Apollo's BatchHttpLink); 0: off.
    # They run one after another, each through every limit.
    graphql_batch_max: int = 0
    # Apollo's automatic persisted queries: a client may register a text by its sha256.
    persisted_queries: bool = True
    persisted_queries_cache_bytes: int = 8_000_000  # APQ texts kept per worker (LRU)
    # A manifest of trusted documents ({"<id>": "<query>"}, as @graphql-codegen's
    # client-preset and relay-compiler's persistConfig write it), loaded at start;
    # with trusted_documents_only, no other operation runs.
    trusted_documents: Path | None = None
    trusted_documents_only: bool = False
    persisted_get_max_age: int = 60  # seconds a shared cache may keep an anonymous persisted GET
    # Adds the usual local dev servers (Vite, Next.js/CRA, Angular...) to cors_origins.
    cors_dev_origins: bool = False

    # --- Import and export (talentgraph/transfer/, POST /import) ---
    # The body cap of POST /import, in place of max_body_bytes: an import is a file of
    # records, not a query. Larger imports go through `talentgraph import`.
    import_max_body_bytes: int = 20_000_000
    # An import is one transaction, however large: it may run past the server's default
    # transaction timeout (30 s on the local launcher), up to this.
    import_timeout_seconds: float = 600.0

    # --- Subscriptions (talentgraph/changefeed.py, talentgraph/subscriptions_ws.py) ---
    # docs/history.md#live-changes-subscriptions and docs/operations.md#subscriptions.
    # Each process polls the change log this often, once for all its subscribers
    # (and not at all while it has none): the latency floor of live changes.
    subscription_poll_seconds: float = 0.15
    # Changes one poll (or one catch-up read) takes from the log at most.
    subscription_batch: int = 500
    # Changes waiting for one live subscriber; past it the subscriber is ended with
    # SLOW_CONSUMER and the cursor to resume from, and nobody else waits for it.
    subscription_buffer: int = 1_000
    subscriptions_per_connection: int = 20  # operations open on one WebSocket
    subscriptions_per_key: int = 200  # open per key (or per anonymous client) per process
    # A WebSocket must send connection_init within this; one with no subscription
    # open for subscription_idle_seconds is closed (4408, 1000).
    subscription_init_seconds: float = 10.0
    subscription_idle_seconds: float = 300.0
    # Multipart HTTP streams send an empty part this often, so proxies keep them open.
    subscription_heartbeat_seconds: float = 5.0

    @model_validator(mode="after")
    def _trusted_documents_need_a_manifest(self) -> Settings:
        if self.trusted_documents_only and self.trusted_documents is None:
            raise ValueError("trusted_documents_only needs TALENTGRAPH_TRUSTED_DOCUMENTS (a file)")
        if self.cors_dev_origins and self.environment == "production":
            raise ValueError("cors_dev_origins is for local development, not production")
        return self

    @property
    def cors_allowed_origins(self) -> list[str]:
        return [*self.cors_origins, *(DEV_ORIGINS if self.cors_dev_origins else [])]


@lru_cache
def get_settings() -> Settings:
    return Settings()


def describe_error(error: ValidationError) -> str:
    """Each problem with the variable it came from and what is wrong, never the value."""
    lines = []
    for problem in error.errors(include_input=False, include_url=False):
        field, *inner = problem["loc"] or ("",)
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in inner)
        name = f"{_variable(str(field))}{where}: " if field else ""
        lines.append(name + problem["msg"])
    return "invalid settings:\n  " + "\n  ".join(lines)


def _variable(field: str) -> str:
    if field.isupper():  # NEO4J_*: the validation alias is already the variable
        return field
    return f"TALENTGRAPH_{field.upper()}"
