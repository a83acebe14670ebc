"""Case numbers: random, grouped, readable, with a check symbol that catches typos."""

import math

from fmek.advice.case_numbers import (
    ALPHABET,
    RANDOM_SYMBOLS,
    new_case_number,
    normalise_case_number,
)


def test_shape_and_alphabet() -> None:
    number = new_case_number()
    groups = number.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set(ALPHABET)
    assert not set("01ILOU") & set(ALPHABET)


def test_at_least_64_random_bits() -> None:
    assert RANDOM_SYMBOLS * math.log2(len(ALPHABET)) >= 64


def test_numbers_do_not_repeat() -> None:
    numbers = {new_case_number() for _ in range(2000)}
    assert len(numbers) == 2000


def test_normalise_accepts_typing_variants() -> None:
    number = new_case_number()
    compact = number.replace("-", "")
    for typed in (number, number.lower(), compact, " ".join(number.split("-")), f" {number} "):
        assert normalise_case_number(typed) == number


def test_every_single_symbol_typo_is_caught() -> None:
    number = new_case_number().replace("-", "")
    for i, original in enumerate(number):
        for symbol in ALPHABET:
            if symbol != original:
                typo = number[:i] + symbol + number[i + 1 :]
                assert normalise_case_number(typo) is None


def test_garbage_is_not_a_case_number() -> None:
    for typed in ("", "123456782", "K7QM-3XWD-9FHT", "0000-0000-0000-0000", "x" * 40):
        assert normalise_case_number(typed) is None
