FROM python:3.11-slim
WORKDIR /app
RUN pip install --no-cache-dir "uv==0.13.9"
COPY pyproject.toml uv.lock README.md ./
COPY talentgraph talentgraph
COPY schema schema
COPY resolvers resolvers
COPY seeds seeds
COPY cypher cypher
COPY explorer/dist explorer/dist
ENV UV_PROJECT_ENVIRONMENT=/app/.venv PATH=/app/.venv/bin:$PATH
RUN uv sync --locked --no-dev
EXPOSE 8000
CMD ["talentgraph", "serve"]
