"""``python -m fmek`` runs the CLI (used by benchmarks to start the server)."""

from fmek.cli import app

app()
