"""Cleaning short texts that people type as names.

Control and format characters (``\\r``, ``\\n``, zero-width spaces, the bidi overrides such as
U+202E that make "gpj.exe" read as "exe.jpg") have no place in a name: they break line-based
formats (iCalendar, CSV, logs) and can make a name display as something else. They are removed,
and runs of white space become one space.
"""

import re
import unicodedata

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SPACES = re.compile(r"\s+")


def without_controls(value: str) -> str:
    """``value`` without control/format characters (tabs and line breaks become spaces)."""
    out = []
    for char in value:
        if char in "\t\r\n\x0b\x0c\x85\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(char) not in _INVISIBLE_CATEGORIES:
            out.append(char)
    return "".join(out)


def clean_name(value: str) -> str:
    """A name as it should be stored: no control/format characters, single spaces, trimmed."""
    return _SPACES.sub(" ", without_controls(value)).strip()
