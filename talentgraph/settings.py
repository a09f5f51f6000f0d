"""One typed settings object, read from the environment once.

NEO4J_* keep the names every Neo4j tool uses; the service's own settings are
prefixed TALENTGRAPH_. With NEO4J_URI unset, the service talks to the local
Neo4j that `talentgraph neo4j start` runs, and reads its generated password.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
WEAK_PASSWORDS = {"", "neo4j", "password", "changeme", "secret"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TALENTGRAPH_", extra="ignore", frozen=True)

    # Neo4j
    neo4j_uri: str | None = Field(None, validation_alias=AliasChoices("NEO4J_URI"))
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(None, validation_alias=AliasChoices("NEO4J_PASSWORD"))
    neo4j_database: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"))
    # Bounds on every database call, so an outage fails fast instead of hanging.
    neo4j_connect_timeout: float = 2.0
    neo4j_acquire_timeout: float = 3.0

    # The local Neo4j (no Docker): where it keeps its data, jars and pid.
    local_neo4j_dir: Path = ROOT / ".neo4j"
    local_neo4j_port: int = 7687
    local_neo4j_heap: str = "1g"
    local_neo4j_pagecache: str = "256m"

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


@lru_cache
def get_settings() -> Settings:
    return Settings()
