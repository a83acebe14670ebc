"""The BSN elfproef; passing it does not prove identity, only a well-formed number."""


def is_valid_bsn(value: str) -> bool:
    """9 digits, not all zero, 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11)."""
    if len(value) != 9 or not value.isascii() or not value.isdigit() or value == "000000000":
        return False
    digits = [int(c) for c in value]
    total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
    return total % 11 == 0
