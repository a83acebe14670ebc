"""Bearer tokens: 256 random bits, shown once, stored as SHA-256 (high entropy needs no slow hash)."""

import hashlib
import secrets

TOKEN_PREFIX = "fmek_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
