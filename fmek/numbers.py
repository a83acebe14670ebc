"""Reading a whole number typed by a client, without surprises.

``str.isdigit`` accepts ``"²"`` and other Unicode digits that ``int`` refuses, and ``int`` refuses
strings of more than 4,300 digits: both used to become 500s. This accepts ASCII digits only and
at most ``max_digits`` of them.
"""


def small_int(text: str | None, *, max_digits: int = 9) -> int | None:
    """The number written in ``text`` (surrounding blanks allowed), or None."""
    if text is None:
        return None
    text = text.strip()
    if not text or len(text) > max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)
