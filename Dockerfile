# The explorer's static files, built from the npm lock file.
FROM node:20-slim AS explorer
WORKDIR /explorer
COPY explorer/package.json explorer/package-lock.json explorer/.npmrc ./
RUN npm ci --no-audit --no-fund
COPY explorer/ ./
RUN npm run build

# GraphiQL, bundled the same way; its tabs are the README's example queries.
FROM node:20-slim AS graphiql
WORKDIR /graphiql
COPY graphiql/package.json graphiql/package-lock.json graphiql/.npmrc ./
RUN npm ci --no-audit --no-fund
COPY graphiql/ ./
COPY README.md /README.md
RUN npm run build

# The API.
FROM python:3.11-slim
WORKDIR /app
RUN pip install --no-cache-dir "uv==0.13.9"
COPY pyproject.toml uv.lock README.md ./
COPY talentgraph talentgraph
COPY schema schema
COPY resolvers resolvers
COPY compiler compiler
COPY model model
COPY writes writes
COPY seeds seeds
COPY cypher cypher
COPY --from=explorer /explorer/dist explorer/dist
COPY --from=graphiql /graphiql/dist graphiql/dist
ENV UV_PROJECT_ENVIRONMENT=/app/.venv PATH=/app/.venv/bin:$PATH
RUN uv sync --locked --no-dev
EXPOSE 8000
CMD ["talentgraph", "serve", "--host", "0.0.0.0"]
