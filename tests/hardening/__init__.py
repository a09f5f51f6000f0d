"""Hostile and malformed input: a clear refusal with a code, never a 500, the graph unchanged."""
