"""Case numbers for anonymous advice requests: random, unguessable, readable over the phone.

A case number is the only handle on an anonymous case, so it must carry nothing about the case
(no date, sequence, region or requester: an ordered number would tell how many advices LECK gives
and when a case came in) and must not be guessable by someone who knows other case numbers.

Shape: ``K7QM-3XWD-9FHT-RN4P`` — 15 random symbols plus one check symbol, in groups of four.
The alphabet has 30 symbols: digits 2-9 and letters without I, L, O and U (0/O and 1/I/L are
confused when read aloud or handwritten; U is left out as in Crockford's base 32). 15 symbols from
``secrets`` give log2(30**15) ≈ 73.6 bits, so a collision between two of LECK's ~350 cases a
year is about as likely as guessing a 128-bit key by luck; the unique constraint catches it anyway.

The check symbol (Luhn mod 30) catches every single mistyped symbol and most swaps of two
neighbours, so a misheard number gives "check the number" instead of "not found".
Lookups ignore case, spaces and dashes.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 15
GROUP = 4
_INDEX = {symbol: i for i, symbol in enumerate(ALPHABET)}
_N = len(ALPHABET)


def new_case_number() -> str:
    """A fresh random case number, grouped for reading aloud."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return _group(body + _check_symbol(body))


def normalise_case_number(text: str) -> str | None:
    """The stored (grouped, upper-case) form of a typed case number, or None if it cannot be one.

    Accepts lower case, spaces, dashes and dots in any place; refuses a wrong check symbol.
    """
    compact = "".join(ch for ch in text.upper() if ch not in " -.\t")
    if len(compact) != RANDOM_SYMBOLS + 1 or any(ch not in _INDEX for ch in compact):
        return None
    if _check_symbol(compact[:-1]) != compact[-1]:
        return None
    return _group(compact)


def _group(compact: str) -> str:
    return "-".join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))


def _check_symbol(body: str) -> str:
    """Luhn mod N: the same algorithm as on payment cards, over a 30-symbol alphabet."""
    total = 0
    factor = 2
    for symbol in reversed(body):
        addend = factor * _INDEX[symbol]
        total += addend // _N + addend % _N
        factor = 3 - factor
    return ALPHABET[(_N - total % _N) % _N]
