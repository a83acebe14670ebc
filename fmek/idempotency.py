"""Telling a client's retry from a different request (the Idempotency-Key contract)."""

import hashlib
import json

from pydantic import BaseModel


def request_hash(data: BaseModel) -> str:
    """A canonical SHA-256 of a validated request body: equal for equal bodies, whatever the
    key order or whitespace the client sent."""
    canonical = json.dumps(data.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
