"""No single client takes the service down over HTTP (issue 13, the HTTP side)."""
