"""Identifier screen for the free text of anonymous LECK advice requests.

An advice request is anonymous: no free-text field may hold a detail that identifies the child
or its family. Every field is screened before anything is stored or logged; a hit is reported by
kind and position only, never by value, so that the caller can answer "field X contains a phone
number" without repeating (and thereby logging) the number.

The screen prefers precision on clinical text over catching every conceivable identifier:
weights, lengths, sizes, lab values, times, dates without a birth cue and fracture
classifications must pass. What is deliberately not detected is listed in ``LIMITS``.

Long because the screen is one piece: each identifier's pattern, checksum and wording, tested as a
whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from fmek.referrals.bsn import is_valid_bsn

LIMITS = """\
Not detected (by design, to keep clinical text free of false alarms):
- BSNs of 8 digits (leading zero omitted) unless labelled "BSN"/"burgerservicenummer";
  9-digit numbers failing the elfproef unless so labelled; elfproef-valid numbers labelled
  as a batch, lot, charge or serial number; nine digits inside a list of equally short
  numbers ("111 222 333 444").
- Dates (also with a year) without a birth cue: clinical timelines use dates. The cue must be
  in the same clause: a date after a comma, semicolon, sentence end, "en/daarna/and/then/seen"
  or more than ~80 characters after the cue passes ("Geboren à terme, op 3-3-2025 gezien").
  Month + year or a year alone near a birth cue ("geboren in maart 2021") is not a full date.
  "* 3-3-2021" at the start of a line followed by more text is read as a bullet, not a birth.
  Dates written in words ("drie maart") or with weekday only are not dates.
- Phone numbers without area code (7 digits) unless labelled (tel., mobiel, phone, ...);
  0800/090x service numbers, also when labelled (they belong to organisations).
- Postcodes whose letters are a unit (mm, kg, ml, IE, HU, ...), a common Dutch/English
  two-letter word in lower case ("in 2024 is"), or a clinical abbreviation (VT, CT, IC, ...);
  "1234-AB" with a dash unless labelled or followed by a place name.
- IBANs of countries missing from the length table or failing the mod-97 check.
- E-mail addresses without a dot in the domain (jan@localhost) or with an IP literal;
  spelled-out forms ("jan at example dot nl") only with a common top-level domain.
- Names only after a label ("naam:", "roepnaam", "name:"); free-standing names are not found.
- Addresses only as "<Name>straat/laan/weg/plein/gracht/kade/singel/dijk/steeg/dreef/park/
  baan/markt/pad/wal/haven/plantsoen/boulevard/allee 12" or "12 Baker Street/Road/Lane/
  Avenue"; other street names ("Achter de Dom 3", "Hof 3") and PO boxes are not found.
- Obfuscation beyond Unicode look-alikes (full-width, other scripts' digits, dashes, NBSP),
  zero-width characters, bracketed or spelled "at"/"dot" in e-mail, BSNs joined by slashes or
  underscores or glued to a word, and the letter O typed for a phone number's leading zero:
  digits written as words or other letters (l for 1) and identifiers split over several
  fields pass.
"""


class IdentifierKind(StrEnum):
    BSN = "bsn"
    BIRTH_DATE = "birth_date"
    POSTCODE = "postcode"
    PHONE_NUMBER = "phone_number"
    EMAIL_ADDRESS = "email_address"
    IBAN = "iban"
    PATIENT_NUMBER = "patient_number"
    PERSON_NAME = "person_name"
    STREET_ADDRESS = "street_address"


@dataclass(frozen=True)
class IdentifierHit:
    """Where an identifier sits in the screened text. Holds positions only, never the value."""

    kind: IdentifierKind
    start: int
    end: int


_DESCRIPTIONS: dict[IdentifierKind, tuple[str, str]] = {
    IdentifierKind.BSN: ("een BSN (burgerservicenummer)", "a BSN (citizen service number)"),
    IdentifierKind.BIRTH_DATE: ("een geboortedatum", "a date of birth"),
    IdentifierKind.POSTCODE: ("een postcode", "a postcode"),
    IdentifierKind.PHONE_NUMBER: ("een telefoonnummer", "a phone number"),
    IdentifierKind.EMAIL_ADDRESS: ("een e-mailadres", "an e-mail address"),
    IdentifierKind.IBAN: ("een IBAN (bankrekeningnummer)", "an IBAN (bank account number)"),
    IdentifierKind.PATIENT_NUMBER: (
        "een patiënt- of ziekenhuisnummer",
        "a patient or hospital number",
    ),
    IdentifierKind.PERSON_NAME: ("een naam", "a name"),
    IdentifierKind.STREET_ADDRESS: (
        "een adres (straat en huisnummer)",
        "an address (street and house number)",
    ),
}


def describe(kind: IdentifierKind) -> str:
    """A message a doctor understands, in Dutch and English; it never includes the value."""
    nl, en = _DESCRIPTIONS[kind]
    return (
        f"bevat {nl}; advies-aanvragen zijn anoniem — verwijder het "
        f"(contains {en}; advice requests are anonymous — please remove it)"
    )


def screen_fields(fields: Mapping[str, str | None]) -> list[tuple[str, IdentifierKind]]:
    """(field name, kind) for every identifier found, deduplicated, in field then text order."""
    found: list[tuple[str, IdentifierKind]] = []
    for name, text in fields.items():
        if not text:
            continue
        for hit in find_identifiers(text):
            if (name, hit.kind) not in found:
                found.append((name, hit.kind))
    return found


def find_identifiers(text: str) -> list[IdentifierHit]:
    """All identifiers in ``text``, non-overlapping, in text order.

    Where candidates overlap, the longest wins (an IBAN over the BSN-like digits inside it, a
    phone number with +31 over its nine national digits); equal spans go to the more specific
    kind (a labelled number over an unlabelled one).
    """
    norm = _normalise(text)
    candidates = [c for detector in _DETECTORS for c in detector(norm)]
    candidates.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    kept: list[_Candidate] = []
    for cand in candidates:
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    kept.sort(key=lambda c: c.start)
    return [IdentifierHit(c.kind, c.start, c.end) for c in kept]


# --------------------------------------------------------------------------- normalisation

_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")


def _normalise_char(ch: str) -> str:
    if ch.isascii():
        return ch if ch not in "\t\r\f\v" else " "
    if ch in _DASHES:
        return "-"
    decimal = unicodedata.decimal(ch, None)
    if decimal is not None:
        return str(decimal)
    if "\uff01" <= ch <= "\uff5e":  # full-width ASCII look-alikes
        return chr(ord(ch) - 0xFEE0)
    if ch.isspace() or unicodedata.category(ch) == "Cf":  # NBSP, zero-width space, ...
        return "\n" if ch in "\u2028\u2029\x85" else " "
    return ch


def _normalise(text: str) -> str:
    """Same length as ``text`` (positions stay valid) with look-alikes mapped to ASCII."""
    return "".join(_normalise_char(ch) for ch in text)


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Candidate:
    kind: IdentifierKind
    start: int
    end: int
    priority: int  # lower wins when two candidates cover the same span


# Priorities for equal spans: specific and labelled detectors before generic ones.
_P_EMAIL, _P_IBAN, _P_BIRTH, _P_LABELLED, _P_PHONE, _P_BSN, _P_ADDRESS, _P_POSTCODE = range(8)

Detector = Callable[[str], Iterator[_Candidate]]


def _digits(s: str) -> str:
    return "".join(ch for ch in s if "0" <= ch <= "9")


# --- BSN --------------------------------------------------------------------------------


elfproef = is_valid_bsn
"""The BSN check (9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 mod 11, not all zeros), the same one
referral intake uses."""


# A run of digit groups joined by single spaces, dots or dashes, standing free of letters.
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z+,])[0-9]+(?:[ .\-][0-9]+)*")
_GROUP = re.compile(r"[0-9]+")


def _bsn_elfproef(text: str) -> Iterator[_Candidate]:
    """Nine digits, possibly grouped (123 456 782, 1234.56.782, 123-45-6782), elfproef-valid.

    Within a longer run only a window bordered by spaces counts, with one separator kind
    inside and groups of two or more digits, so dotted or dashed numbers are never cut up
    and lists of single digits never add up to a BSN.
    """
    for run in _DIGIT_RUN.finditer(text):
        if run.end() < len(text) and text[run.end()].isalpha():
            continue
        groups = list(_GROUP.finditer(run.group()))
        base = run.start()
        for i in range(len(groups)):
            count = 0
            for j in range(i, len(groups)):
                count += len(groups[j].group())
                if count > 9:
                    break
                if count < 9:
                    continue
                window = groups[i : j + 1]
                if not _bsn_window_ok(run.group(), groups, i, j):
                    break
                digits = "".join(g.group() for g in window)
                start = base + window[0].start()
                if elfproef(digits) and not _PRODUCT_LABEL.search(text, max(0, start - 50), start):
                    yield _Candidate(
                        IdentifierKind.BSN,
                        base + window[0].start(),
                        base + window[-1].end(),
                        _P_BSN,
                    )
                break


# "734/512/004", "123_456_782": digit groups joined by one slash or underscore kind.
_BSN_ODD_GROUPS = re.compile(
    r"(?<![0-9])[0-9]{2,7}(?P<sep>[/_])[0-9]{1,7}(?:(?P=sep)[0-9]{1,7})*(?![0-9])"
)
# "kind734512004", "bsn123456782x": nine digits glued to letters on either side.
_BSN_GLUED = re.compile(r"(?<![0-9])(?:(?<=[A-Za-z_])[0-9]{9}(?![0-9])|[0-9]{9}(?=[A-Za-z_]))")


def _bsn_obfuscated(text: str) -> Iterator[_Candidate]:
    """Elfproef-valid nine digits written to slip past the grouping rules above: joined by
    slashes or underscores, or glued to a word."""
    for m in _BSN_ODD_GROUPS.finditer(text):
        digits = _digits(m.group())
        if len(digits) == 9 and elfproef(digits):
            yield _Candidate(IdentifierKind.BSN, m.start(), m.end(), _P_BSN)
    for m in _BSN_GLUED.finditer(text):
        labelled = _PRODUCT_LABEL.search(text, max(0, m.start() - 50), m.start())
        if elfproef(m.group()) and not labelled:
            yield _Candidate(IdentifierKind.BSN, m.start(), m.end(), _P_BSN)


# Batch, lot and serial numbers of medicines and devices: nine digits that pass the elfproef
# by chance (one in eleven) are still no BSN when labelled as such.
_PRODUCT_LABEL = re.compile(
    r"(?i)\b(?:batch|lot|charge|partij|serie|serial|order ?(?:nummer|nr|number)|artikel|"
    r"accession|rvg|ean|gtin|udi)(?:[ \-]?(?:nummer|nr\.?|number|no\.?|code|id))?"
    r"(?: (?:van )?(?:het |de |the )?[a-zà-ÿ]+){0,2}[ :.#=\-]*$"
)


def _bsn_window_ok(run: str, groups: list[re.Match[str]], i: int, j: int) -> bool:
    seps = {run[groups[k].end() : groups[k + 1].start()] for k in range(i, j)}
    if len(seps) > 1:
        return False
    if j > i and any(len(g.group()) < 2 for g in groups[i : j + 1]):
        return False
    before = run[groups[i - 1].end() : groups[i].start()] if i > 0 else " "
    after = run[groups[j].end() : groups[j + 1].start()] if j + 1 < len(groups) else " "
    if before != " " or after != " ":
        return False
    # "111 222 333 444": a list of equally short numbers, not a BSN with a neighbour.
    lengths = {len(g.group()) for g in groups[i : j + 1]}
    neighbours = [groups[k] for k in (i - 1, j + 1) if 0 <= k < len(groups)]
    return not (
        len(lengths) == 1
        and max(lengths) <= 3
        and any(len(n.group()) in lengths for n in neighbours)
    )


_BSN_LABEL = re.compile(
    r"(?i)\b(?:bsn|burgerservicenummer|burgerservice-nummer|sofi-?nummer|sofi-?nr|"
    r"citizen service number)(?:[ \-]*(?:nummer|nr\.?|no\.?|number))?[\s:.#=\-]*"
    r"(?P<num>[0-9]{1,9}(?:[ .\-][0-9]{1,9}){0,8})(?![0-9])"
)


def _bsn_labelled(text: str) -> Iterator[_Candidate]:
    """8 or 9 digits right after a BSN label: an identifier even when mistyped or zero-less."""
    for m in _BSN_LABEL.finditer(text):
        span = _longest_group_prefix(m, "num", lambda d: len(d) in (8, 9))
        if span:
            yield _Candidate(IdentifierKind.BSN, *span, _P_LABELLED)


def _longest_group_prefix(
    m: re.Match[str], group: str, accept: Callable[[str], bool]
) -> tuple[int, int] | None:
    """The longest prefix of the digit groups of ``m[group]`` whose digits ``accept``."""
    start = m.start(group)
    ends = [start + g.end() for g in _GROUP.finditer(m.group(group))]
    for end in reversed(ends):
        if accept(_digits(m.string[start:end])):
            return start, end
    return None


# --- patient numbers, labelled ---------------------------------------------------------------

_PATIENT_LABEL = re.compile(
    r"(?i)\b(?:pati[eë]nt(?:en)?[ \-]?(?:nummer|nr\.?|id|number)|pat\.? ?nr\.?|patnr\.?|"
    r"zis(?:[ \-]?(?:nummer|nr\.?))?|ziekenhuis[ \-]?(?:nummer|nr\.?)|"
    r"(?:medical )?record number|mrn|hospital (?:number|no\.?)|nhs (?:number|no\.?)|"
    r"patient id|"
    r"epd(?:[ \-]?(?:nummer|nr\.?))?)"
    r"[ :.#\-]*(?P<num>[A-Za-z]{0,3}[ \-]?[0-9]+(?:[ .\-/][0-9]+)*)"
)


def _patient_number(text: str) -> Iterator[_Candidate]:
    for m in _PATIENT_LABEL.finditer(text):
        if len(_digits(m.group("num"))) >= 4:
            yield _Candidate(
                IdentifierKind.PATIENT_NUMBER, m.start("num"), m.end("num"), _P_LABELLED
            )


# --- phone numbers ------------------------------------------------------------------------

# Between two digits of a phone number: nothing, one separator, " - ", or a parenthesis.
_PHONE_SEP = r"(?:\)[ ]?|[ ]?\(|[ .\-/]|[ ]-[ ])?"

# Dutch national: 0 + nine digits (06-12345678, 020 123 4567, (010) 123 45 67).
_NL_PHONE = re.compile(
    rf"(?<![0-9A-Za-z+])(?<![0-9][.\-,])\(?0[1-9](?:{_PHONE_SEP}[0-9]){{8}}"
    r"(?![0-9])(?![.\-,][0-9])(?!/(?!\(?0[1-9])[0-9])"
)
# International: +CC or 00CC, an optional (0) or bracketed area code, then digits.
_INTL_PHONE = re.compile(
    r"(?<![0-9A-Za-z+])(?P<prefix>\+|00)[1-9]"
    r"(?:(?:[ .\-/]|[ ]-[ ]|[ ]?\([0-9]{1,4}\)[ ]?|\)[ ]?|[ ]?\()?[0-9]){6,16}(?![0-9])"
)
_PHONE_LABEL = re.compile(
    r"(?i)\b(?:tel(?:efoon)?(?:nummer|nr)?|telnr|mobiel(?:e nummer|nummer)?|mob|gsm|"
    r"06-nummer|phone(?: number)?|mobile|cell(?: phone)?|bereikbaar op|bel)\b\.?"
    r"[ :.#\-]*(?P<num>\+?\(?[0-9](?:[0-9 .\-/()]*[0-9])?)"
)
# "o6-98765432", "O20 123 4567": the letter O typed for the leading zero.
_NL_PHONE_LETTER_O = re.compile(
    rf"(?<![0-9A-Za-z+])[oO][1-9](?:{_PHONE_SEP}[0-9]){{8}}(?![0-9])(?![.\-,][0-9])"
)
_SERVICE_NUMBER = re.compile(r"\(?0(?:800|90[0-9])\)?[ \-]?[0-9]{4,7}$")
_DATE_START = re.compile(r"\(?[0-9]{1,2}([.\-/])[0-9]{1,2}\1(?:19|20)[0-9]{2}")


def _phone(text: str) -> Iterator[_Candidate]:
    previous_end = -1
    for m in _NL_PHONE.finditer(text):
        start = m.start()
        after_slash = start >= 2 and text[start - 1] == "/" and text[start - 2].isdigit()
        if after_slash and previous_end != start - 1:
            continue  # "06-12345678/06-87654321" lists two numbers; "12/03/2025 ..." is a date
        if m.group().startswith("(") and ")" not in m.group():
            start += 1  # "(0612345678)": the bracket encloses the number, it is not part of it
        groups = _GROUP.findall(m.group())
        if all(len(g) >= 2 for g in groups) and not _DATE_START.match(m.group()):
            previous_end = m.end()
            yield _Candidate(IdentifierKind.PHONE_NUMBER, start, m.end(), _P_PHONE)
    for m in _NL_PHONE_LETTER_O.finditer(text):
        yield _Candidate(IdentifierKind.PHONE_NUMBER, m.start(), m.end(), _P_PHONE)
    for m in _INTL_PHONE.finditer(text):
        number = m.group()[len(m.group("prefix")) :].replace("(0)", "")
        if 8 <= len(_digits(number)) <= 15:
            yield _Candidate(IdentifierKind.PHONE_NUMBER, m.start(), m.end(), _P_PHONE)
    for m in _PHONE_LABEL.finditer(text):
        number = m.group("num")
        if _SERVICE_NUMBER.match(number):
            continue  # 0800/0900 numbers belong to organisations, not to a family
        if 7 <= len(_digits(number)) <= 15 and not _DATE_START.match(number):
            yield _Candidate(IdentifierKind.PHONE_NUMBER, m.start("num"), m.end("num"), _P_LABELLED)


# --- e-mail -------------------------------------------------------------------------------

_LOCAL = r"(?<![\w.%+\-])[\w.%+\-]*\w"
_LABEL = r"\w(?:[\w\-]*\w)?"
# "@" (spaced or not) or a bracketed "at": unmistakably an e-mail address, whatever the TLD.
_AT = r"(?:[ ]?@[ ]?|[ ]?[(\[{<][ ]?(?:at|@|apenstaartje)[ ]?[)\]}>][ ]?)"
_DOT = r"(?:\.|[ ]?[(\[{<][ ]?(?:dot|punt)[ ]?[)\]}>][ ]?)"
_EMAIL = re.compile(rf"(?i){_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}[a-z]{{2,24}}(?![\w\-])")
# Spelled out ("jan at example dot nl", "jan.jansen at gmail.com", "jan @ example . nl"):
# only with a top-level domain that people actually use, so "seen at St.Antonius" passes.
_TLD = (
    r"(?:nl|be|de|fr|uk|eu|com|net|org|info|nu|biz|io|me|es|it|pt|pl|tr|ma|ch|at|lu|dk|se|"
    r"fi|ie|gr|cz|us|ca|au|edu|gov|email|online)"
)
_SPELLED_AT = rf"(?:{_AT}|[ ]+(?:at|apenstaartje)[ ]+)"
_SPELLED_DOT = r"(?:[ ]?\.[ ]?|[ ]?[(\[{<][ ]?(?:dot|punt)[ ]?[)\]}>][ ]?|[ ]+(?:dot|punt)[ ]+)"
_EMAIL_SPELLED = re.compile(
    rf"(?i){_LOCAL}{_SPELLED_AT}{_LABEL}(?:{_SPELLED_DOT}{_LABEL})*{_SPELLED_DOT}{_TLD}"
    r"(?![\w\-])"
)


def _email(text: str) -> Iterator[_Candidate]:
    for pattern in (_EMAIL, _EMAIL_SPELLED):
        for m in pattern.finditer(text):
            yield _Candidate(IdentifierKind.EMAIL_ADDRESS, m.start(), m.end(), _P_EMAIL)


# --- IBAN ---------------------------------------------------------------------------------

# Lengths from the SWIFT IBAN registry; a country missing here is not screened.
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip
_IBAN_START = re.compile(r"(?<![0-9A-Za-z])(?P<cc>[A-Za-z]{2})[ .\-]?(?P<check>[0-9]{2})")


_IBAN_GAP = re.compile(r"[ .\-]{1,2}")


def iban_checksum_ok(compact: str) -> bool:
    """ISO 13616 mod-97: move the first four characters to the end, letters to 10..35."""
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged.upper())) % 97 == 1


def _iban(text: str) -> Iterator[_Candidate]:
    """IBANs, compact or grouped by spaces, dashes or dots (one or two between groups),
    with the country's length and mod-97."""
    for m in _IBAN_START.finditer(text):
        length = _IBAN_LENGTHS.get(m.group("cc").upper())
        if length is None:
            continue
        compact, end = m.group("cc") + m.group("check"), m.end()
        while len(compact) < length and end < len(text):
            ch = text[end]
            if ch.isascii() and ch.isalnum():
                compact += ch
                end += 1
                continue
            gap = _IBAN_GAP.match(text, end)
            if gap and gap.end() < len(text) and text[gap.end()].isalnum():
                end = gap.end()
            else:
                break
        at_boundary = end == len(text) or not (text[end].isascii() and text[end].isalnum())
        if len(compact) == length and at_boundary and iban_checksum_ok(compact):
            yield _Candidate(IdentifierKind.IBAN, m.start(), end, _P_IBAN)


# --- postcodes ----------------------------------------------------------------------------

_POSTCODE = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9][.,])[1-9][0-9]{3}(?P<sep>[ \-]?)(?P<letters>[A-Za-z]{2})"
)
_POSTCODE_LABEL = re.compile(r"(?i)\b(?:postcode|post code|pc|zip(?: code)?)\b[ :.]*$")
_PLACE_AFTER = re.compile(r",? (?:'s[ \-])?[A-Z][a-zà-ÿ]")
# PostNL never issues these letter pairs.
_POSTNL_UNUSED = frozenset({"SA", "SD", "SS"})
_UNITS = frozenset({
    "mm", "cm", "dm", "km", "um", "nm", "mg", "kg", "gr", "ug", "ng", "pg", "ml", "cl", "dl",
    "ul", "iu", "ie", "eh", "mu", "ms", "hz", "db", "mv", "uv", "gy", "sv", "bq", "pa", "cc",
    "kb", "mb", "gb", "px", "hr", "lb", "oz", "ft", "yd", "st", "kj", "pt", "hu"
})  # fmt: skip
# Two-letter words that follow a year or count in running text ("in 2024 is ...").
_WORDS = frozenset({
    "al", "af", "bv", "ca", "de", "dr", "en", "er", "ex", "ga", "ie", "in", "is", "ja", "je",
    "jl", "me", "na", "nr", "nu", "of", "om", "op", "te", "tm", "uw", "vb", "vd", "wk", "we",
    "za", "zo", "ze", "ad", "am", "an", "as", "at", "be", "by", "do", "go", "he", "hi", "if",
    "it", "my", "no", "on", "or", "pm", "so", "to", "up", "us", "vs", "yr", "mo"
})  # fmt: skip
# Clinical and organisational abbreviations that follow a year ("in 2023 VT-melding").
_ABBREVIATIONS = frozenset({
    "VT", "CT", "RX", "IC", "OK", "MR", "US", "AO", "SH", "HA", "PA", "GP", "ED", "ER", "DD",
    "VG", "NB", "PS", "DX", "TX", "OT"
})  # fmt: skip


def _postcode(text: str) -> Iterator[_Candidate]:
    for m in _POSTCODE.finditer(text):
        end = m.end()
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):
            continue
        letters = m.group("letters")
        if letters.upper() in _POSTNL_UNUSED:
            continue
        labelled = _POSTCODE_LABEL.search(text, max(0, m.start() - 16), m.start()) is not None
        if not labelled and _looks_like_measure_or_word(text, m, letters):
            continue
        yield _Candidate(IdentifierKind.POSTCODE, m.start(), end, _P_POSTCODE)


def _looks_like_measure_or_word(text: str, m: re.Match[str], letters: str) -> bool:
    lower = letters.lower()
    if lower in _UNITS:
        return True
    if letters.upper() in _ABBREVIATIONS and not letters.islower():
        return True
    if not letters.isupper() and lower in _WORDS:
        return True
    # "2023 CT-scan", "1200 mg-dosis": a postcode is never the first half of a compound.
    if text[m.end() : m.end() + 1] == "-":
        return True
    # "in 2024 OD en OS", "richtlijn 2019 KA": a year and an abbreviation, unless a place name
    # follows as it does after a real postcode ("2012 AB Haarlem").
    year_like = m.group()[:2] in ("19", "20") and m.group("sep") != ""
    # "3511-LX Utrecht" is a postcode written with a dash; "versie 1234-AB" is not.
    if m.group("sep") == "-":
        return not letters.isupper() or not _PLACE_AFTER.match(text, m.end())
    return year_like and not _PLACE_AFTER.match(text, m.end())


# --- birth dates --------------------------------------------------------------------------

_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR4 = r"(?:19|20)[0-9]{2}"
_YEAR = rf"(?:{_YEAR4}|'?[0-9]{{2}})"
_MONTH_NAME = (
    r"(?:januari|january|jan|februari|february|febr|feb|maart|march|mrt|mar|april|apr|mei|may|"
    r"juni|june|jun|juli|july|jul|augustus|august|aug|september|sept|sep|oktober|october|okt|"
    r"oct|november|nov|december|dec)\b\.?"
)
_ORDINAL = r"(?:st|nd|rd|th|e|ste|de)?"
_ROMAN_MONTH = r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
_FULL_DATES = [
    # 3-3-2021, 03.03.21, 3-3-'21, 12 - 11 - 2019: one separator kind, optionally spaced.
    re.compile(rf"(?<![0-9])(?:{_DAY}( ?[.\-/] ?){_MONTH}\1{_YEAR})(?![0-9])"),
    # US month first: 2/14/2022.
    re.compile(rf"(?<![0-9])(?:{_MONTH}/{_DAY}/{_YEAR})(?![0-9])"),
    # Roman month: 14-II-2022, 14 II 2022.
    re.compile(rf"(?<![0-9])(?:{_DAY}([ .\-/]){_ROMAN_MONTH}\1{_YEAR})(?![0-9])"),
    # 12 11 2019: plain spaces only with a four-digit year.
    re.compile(rf"(?<![0-9])(?:{_DAY} {_MONTH} {_YEAR4})(?![0-9])"),
    re.compile(rf"(?<![0-9])(?:{_YEAR4}([.\-/]){_MONTH}\1{_DAY})(?![0-9])"),
    re.compile(
        rf"(?i)(?<![0-9])(?:{_DAY}{_ORDINAL}(?: of)?[ \-./]*{_MONTH_NAME}[ \-./,]*{_YEAR})"
        r"(?![0-9])"
    ),
    # March 3, 2021 / Nov 12 2019 (a separator before the year: "maart 2019" is no full date).
    re.compile(rf"(?i)\b{_MONTH_NAME} *{_DAY}{_ORDINAL}(?:,? +|,){_YEAR}(?![0-9])"),
    # Compact 03032021 / 20210303 / 030321: only ever counted next to a birth cue.
    re.compile(
        r"(?<![0-9])(?:(?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2])(?:(?:19|20)[0-9]{2}|[0-9]{2})"
        r"|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))(?![0-9])"
    ),
]
_BIRTH_CUE = re.compile(
    r"(?i)\b(?:(?:geboren|geboortedatum|geboortedag|geboorte|born|date of birth|birth ?date|"
    r"birthday|birth|verjaardag)\b|(?:geb\.? ?dat(?:um)?|gebdat(?:um)?|geb|dob|d\.o\.b)\b\.?)"
)
# "na de geboorte", "since birth": a moment after the birth, so a later date is not the birth.
_AFTER_BIRTH = re.compile(r"(?i)\b(?:na|sinds|vanaf|after|since|from)(?: de| the)? $")
_BIRTH_AFTER = re.compile(r"(?i) *\(?(?:geboren|born)\b")
_BIRTH_SIGN = re.compile(r"(?:° *|\(\* ?|(?<![\w*])\* ?)$")
# A label directly followed by its value, also on the next line ("Geboortedatum:\n3-3-2021").
_LABEL_GAP = re.compile(r"[\s:=()\-]*")
# What ends the clause of a birth cue: a later date in another clause is a clinical date.
_CLAUSE_BREAK = re.compile(
    # a sentence end, but not the period of "d.d.", "j.l." or "ca."
    r"(?i)[,;!?\n]|(?-i:(?<!\b[a-zA-Z])(?<!\bca)\.\s+[A-Z0-9])"
    r"|\b(?:en|maar|daarna|sindsdien|nadien|toen|vervolgens|waarna|"
    r"gezien|opgenomen|and|but|then|since|afterwards|later|seen|admitted)\b"
)
_CUE_WINDOW = 80


def _birth_date(text: str) -> Iterator[_Candidate]:
    """A full date near a birth cue ("geboren op 3 maart 2021", "DOB: 2021-03-03", "°3-3-2021").

    A date without a cue passes, however recent: clinical timelines are full of dates.
    The cue must precede the date in the same clause (no comma, semicolon, sentence end or
    "en/daarna/and/then" between them, within ~80 characters), or "geboren"/"born" must follow
    right after it, or a birth sign (°, *) must stand before it.
    """
    cue_ends = [
        m.end()
        for m in _BIRTH_CUE.finditer(text)
        if not _AFTER_BIRTH.search(text, max(0, m.start() - 12), m.start())
    ]
    for pattern in _FULL_DATES:
        for m in pattern.finditer(text):
            if _has_birth_cue(text, m.start(), m.end(), cue_ends):
                yield _Candidate(IdentifierKind.BIRTH_DATE, m.start(), m.end(), _P_BIRTH)


def _has_birth_cue(text: str, start: int, end: int, cue_ends: list[int]) -> bool:
    for cue_end in cue_ends:
        if not cue_end <= start <= cue_end + _CUE_WINDOW:
            continue
        if _LABEL_GAP.fullmatch(text, cue_end, start):
            return True
        if not _CLAUSE_BREAK.search(text, cue_end, start + 1):
            return True
    if _birth_sign_before(text, start, end):
        return True
    return _BIRTH_AFTER.match(text, end) is not None


def _birth_sign_before(text: str, start: int, end: int) -> bool:
    """ "°3-3-2021", "(*3-3-2021)", "Kind * 3-3-2021": but "* 3-3-2021 SEH" opens a bullet list."""
    sign = _BIRTH_SIGN.search(text, max(0, start - 3), start)
    if sign is None:
        return False
    if "*" not in sign.group() or "(" in sign.group():
        return True
    line_start = text.rfind("\n", 0, sign.start()) + 1
    bullet = text[line_start : sign.start()].strip() == ""
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    return not (bullet and re.search(r"\w", rest))


# --- names and street addresses, labelled or unmistakable -----------------------------------

_NAME_PART = r"[A-Z][\w'\-]+"
_NAME_PARTICLE = r"(?:van|de|der|den|ter|ten|te|het|'t|von|el|al|la|le|du|da|di)"
_PERSON_NAME = re.compile(
    r"\b(?i:naam|name|voornaam|achternaam|roepnaam|familienaam|geslachtsnaam|first name|"
    r"last name|surname|given name|full name|"
    r"naam (?:van )?(?:het |de )?(?:kind|pati[eë]nt|moeder|vader|ouders?|broer|zus|jongen|meisje)|"
    r"name of (?:the )?(?:child|patient|mother|father)|child'?s name)"
    rf" *:? *(?P<name>(?:{_NAME_PARTICLE} )*{_NAME_PART}(?: (?:{_NAME_PARTICLE} )*{_NAME_PART})*)"
)
_NOT_A_NAME = frozenset(
    [
        "onbekend",
        "unknown",
        "anoniem",
        "anonymous",
        "geen",
        "none",
        "nvt",
        "n.v.t",
        "n.v.t.",
        "nn",
        "n.n.",
        "x",
        "xx",
        "niet",
        "not",
    ]
)
_LABEL_NEEDS_COLON = re.compile(r"(?i)^(?:naam|name)\b")
_HOUSE_NUMBER = (
    r"[1-9][0-9]{0,3}(?: ?[a-zA-Z]\b|-[0-9]+)?(?![0-9]|[,.][0-9])"
    r"(?! ?(?:x|keer|maal|dagen|weken|maanden|jaar|uur|times|days|weeks|months|years)\b)"
)
# Also written in lower case ("kerkstraat 12") and abbreviated ("Kerkstr. 12").
_STREET = re.compile(
    r"\b[A-Za-z][a-zà-ÿ'\-]*(?:straat|str\.|laan|weg|plein|gracht|kade|singel|dijk|steeg|dreef|"
    rf"park|baan|markt|pad|wal|haven|plantsoen|boulevard|allee) {_HOUSE_NUMBER}"
)
# English: "12 Baker Street", "Baker Street 221b", "4 Station Road".
_EN_STREET_TYPE = r"(?:Street|Road|Lane|Avenue|Crescent|Terrace|Boulevard)\b"
_EN_STREET = re.compile(
    rf"\b[1-9][0-9]{{0,3}}[a-z]?,? (?:[A-Z][a-z'\-]+ ){{1,3}}{_EN_STREET_TYPE}"
    rf"|\b(?:[A-Z][a-z'\-]+ ){{1,3}}{_EN_STREET_TYPE} {_HOUSE_NUMBER}"
)
_ANATOMICAL_WAYS = re.compile(r"(?i)(?:lucht|gal|urine|traan|tractus|spijsverterings)weg")


def _person_name(text: str) -> Iterator[_Candidate]:
    for m in _PERSON_NAME.finditer(text):
        label = m.group()[: m.start("name") - m.start()]
        if _LABEL_NEEDS_COLON.match(label) and ":" not in label:
            continue  # "naam Jan" is too loose; "roepnaam Jan" is not
        if m.group("name").lower().rstrip(".") in _NOT_A_NAME:
            continue
        yield _Candidate(IdentifierKind.PERSON_NAME, m.start("name"), m.end("name"), _P_LABELLED)


def _street_address(text: str) -> Iterator[_Candidate]:
    for m in _STREET.finditer(text):
        if not _ANATOMICAL_WAYS.match(m.group()):
            yield _Candidate(IdentifierKind.STREET_ADDRESS, m.start(), m.end(), _P_ADDRESS)
    for m in _EN_STREET.finditer(text):
        yield _Candidate(IdentifierKind.STREET_ADDRESS, m.start(), m.end(), _P_ADDRESS)


_DETECTORS: tuple[Detector, ...] = (
    _email,
    _iban,
    _birth_date,
    _bsn_labelled,
    _patient_number,
    _phone,
    _bsn_elfproef,
    _bsn_obfuscated,
    _person_name,
    _street_address,
    _postcode,
)
