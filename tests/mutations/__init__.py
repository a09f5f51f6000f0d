"""Mutations through POST /graphql with a write key, against a real Neo4j seeded by the loader."""
