"""The one definition of a mainland mobile number, for extraction, matching, masking and safety.

A mobile number is 11 digits, 1 then 3-9, in ASCII or full-width digits, with up to three
separators between any two digits (spaces, dashes of every width, dots, slashes, commas,
middle dots, invisible characters), optionally after +86, 0086 or (+86). The patterns work
on raw text and on folded text (normalize.fold) alike.

A bare 86 glued to a mobile ("8613812345678") is as likely an order number: extraction does
not take it, while the safety check, the masking of logs and a typed phone field do.
"""

from __future__ import annotations

import re
import unicodedata

_DIGIT = "[0-9０-９]"
# Not 、: it separates list items ("1、2、3"), never the digits of one number.
_SEP = r"[\s.\-/,·・，／－．\u2010-\u2015\u2212\u00ad\u200b-\u200f\u2060-\u2064\ufeff]"
_GAP = f"{_SEP}{{0,3}}"
_CORE = rf"[1１]{_GAP}[3-9３-９](?:{_GAP}{_DIGIT}){{9}}"
_COUNTRY = rf"[(（]?(?:[+＋]|00|００)[8８][6６][)）]?{_GAP}"


def _pattern(bare_86: bool) -> re.Pattern[str]:
    prefix = f"(?:{_COUNTRY}|[8８][6６](?=[1１]))?" if bare_86 else f"(?:{_COUNTRY})?"
    return re.compile(rf"(?<!{_DIGIT}){prefix}{_CORE}(?!{_DIGIT})")


PATTERN = _pattern(bare_86=False)
LOOSE_PATTERN = _pattern(bare_86=True)
MASKED_PATTERN = re.compile(
    rf"[1１][3-9３-９]{_DIGIT}[\s-]?[*＊xX×]{{3,4}}[\s-]?{_DIGIT}{{3,4}}(?!{_DIGIT})"
)


def digits(found: str) -> str:
    """The 11 ASCII digits of a text that PATTERN or LOOSE_PATTERN matched."""
    ascii_digits = "".join(c for c in unicodedata.normalize("NFKC", found) if c.isdigit())
    return ascii_digits[-11:]  # drops a leading 86 or 0086


def find(text: str) -> list[str]:
    """Every mobile number in text, as 11 ASCII digits, in order."""
    return [digits(found.group()) for found in PATTERN.finditer(text)]


def normalise(typed: str) -> str | None:
    """11 ASCII digits when the whole of typed is one mobile number (a typed field), else None."""
    found = LOOSE_PATTERN.fullmatch(typed.strip())
    return digits(found.group()) if found else None


def mask(text: str) -> str:
    """The text with every mobile number shown as 138****5678 (for logs and history)."""

    def masked(found: re.Match[str]) -> str:
        number = digits(found.group())
        return f"{number[:3]}****{number[-4:]}"

    return LOOSE_PATTERN.sub(masked, text)


def replace(text: str, token: str) -> str:
    """The text with every mobile number, and every masked one (139****5621), as token."""
    return PATTERN.sub(token, MASKED_PATTERN.sub(token, text))
