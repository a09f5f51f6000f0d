# talentgraph: `make run` serves the API, `make test` runs the whole suite.
# Both work on a fresh machine: they create the environment from uv.lock and
# find or start a real Neo4j (NEO4J_URI, else Docker Compose, else the local launcher).

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
TG := $(VENV)/bin/talentgraph
export UV_PROJECT_ENVIRONMENT := $(VENV)
EXPLORER_SOURCES := $(wildcard explorer/src/* explorer/src/views/*) explorer/index.html explorer/build.mjs \
	explorer/package.json explorer/package-lock.json
# README.md too: its example queries are GraphiQL's opening tabs.
GRAPHIQL_SOURCES := $(wildcard graphiql/src/*) graphiql/index.html graphiql/build.mjs \
	graphiql/package.json graphiql/package-lock.json README.md

.PHONY: env run test seed bench loadtest lint schema neo4j-stop clean explorer graphiql browser clients relay frontends

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --all-groups --quiet
	touch $@

env: $(VENV)/.synced

# The explorer page (/explore): cytoscape.js bundled by esbuild from the npm lock
# file into explorer/dist, which the app serves. Rebuilt only when a source is newer.
explorer/dist/index.html: $(EXPLORER_SOURCES)
	cd explorer && npm ci --no-audit --no-fund && npm run build

explorer: explorer/dist/index.html

# GraphiQL (GET /graphql): graphiql, its explorer plugin and the Monaco editor bundled by
# esbuild from the npm lock file into graphiql/dist, which the app serves; no CDN.
graphiql/dist/index.html: $(GRAPHIQL_SOURCES)
	cd graphiql && npm ci --no-audit --no-fund && npm run build

graphiql: graphiql/dist/index.html

# The explorer's test drives Debian's chromium (CI runs as root on Debian); the
# font draws Chinese names in its screenshot.
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium fonts-wqy-microhei)

run: env explorer graphiql
	@if [ -n "$$NEO4J_URI" ]; then \
		echo "Neo4j: $$NEO4J_URI (NEO4J_URI)"; \
	elif docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then \
		echo "Neo4j and the API: Docker Compose (stop with: docker compose down)"; \
		exec docker compose up --build; \
	else \
		$(TG) neo4j status >/dev/null || $(TG) neo4j start; \
		echo "Neo4j: the local launcher (stop it with: $(TG) neo4j stop)"; \
	fi; \
	$(TG) seed && \
	echo "GraphiQL: http://127.0.0.1:8000/graphql   explorer: http://127.0.0.1:8000/explore" && \
	TALENTGRAPH_ANONYMOUS_READ=$${TALENTGRAPH_ANONYMOUS_READ:-true} exec $(TG) serve

# The client tests' Node.js scripts (graphql-http's audit, Apollo Client, urql) from their lock file.
tests/clients/node_modules/.package-lock.json: tests/clients/package.json tests/clients/package-lock.json
	cd tests/clients && npm ci --no-audit --no-fund

clients: tests/clients/node_modules/.package-lock.json

# The Relay project tests/test_relay.py compiles (relay-compiler, relay-runtime) from its lock file.
tests/relay/node_modules/.package-lock.json: tests/relay/package.json tests/relay/package-lock.json
	cd tests/relay && npm ci --no-audit --no-fund

relay: tests/relay/node_modules/.package-lock.json

# docs/frontends.md's setups (GraphQL Code Generator, TypeScript, Apollo Client, Relay) from their lock file.
tests/frontends/node_modules/.package-lock.json: tests/frontends/package.json tests/frontends/package-lock.json
	cd tests/frontends && npm ci --no-audit --no-fund

frontends: tests/frontends/node_modules/.package-lock.json

# Two workers (pytest-xdist), each with a Neo4j server of its own (on the local launcher,
# both in one JVM): the suite is mostly Neo4j planning and Python, one core each. One server
# named by NEO4J_URI takes one worker.
test: env explorer graphiql browser clients relay frontends
	$(VENV)/bin/pytest $(if $(NEO4J_URI),,-n 2 --dist loadfile --no-loadscope-reorder)

seed: env
	$(TG) seed

# The peer (@neo4j/graphql behind Apollo Server) from its npm lock file; needs Node.js 20+.
bench/peer/node_modules/.package-lock.json: bench/peer/package.json bench/peer/package-lock.json
	cd bench/peer && npm ci --no-audit --no-fund

# The API against the peer and the raw driver at about 10k, 100k and 1M relationships, in a
# Neo4j of its own (.neo4j/bench, a fresh store per size); with NEO4J_URI set it empties that
# graph, so it refuses one holding real entities unless TALENTGRAPH_BENCH_RESET=1. About
# 20 min on 2 idle cores; writes bench/results.json, docs/benchmarks.md and
# docs/bench-latency.png.
# TALENTGRAPH_BENCH_SIZES=10000 (relationships, comma-separated) tries other sizes, and
# writes to bench/out/ instead.
bench: env bench/peer/node_modules/.package-lock.json
	$(VENV)/bin/python -m bench.run

# 50 clients for 60 s against `talentgraph serve` on 127.0.0.1, over the seed graph in a
# Neo4j of its own (.neo4j/loadtest); with NEO4J_URI set it refuses unless
# TALENTGRAPH_LOADTEST_RESET=1, since loading the seed graph empties that database.
# MODE=abuse: 30 s alone, then 30 s beside attackers; PASS if p99 rose under 2x, no errors.
loadtest: env
	$(VENV)/bin/python -m bench.loadtest $(if $(filter abuse,$(MODE)),--abuse)

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

schema: env
	$(TG) export-schema > schema/schema.graphql

neo4j-stop: env
	$(TG) neo4j stop

clean:
	rm -rf .tools $(VENV) neo4j-local/target
