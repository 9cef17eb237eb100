"""The one text normalisation shared by matching, rotation and the safety check.

Three views of a text, each built on the previous one:

* ``fold``: Unicode NFKC (full-width -> half-width), traditional -> simplified
  Chinese (OpenCC), lower-case Latin, the common WeChat spellings mapped to 微信, and
  no format characters (zero-width spaces and the like).
* ``compact``: ``fold`` without punctuation, emoji and white space; used to decide
  whether two replies are "the same sentence".
* ``for_matching``: ``compact`` after leading greetings and trailing thanks are cut,
  with phone numbers (replies.phones), WeChat ids, e-mail addresses and other digit runs replaced by
  one placeholder character each, so "我电话139..." matches "我电话158...".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

from replies import phones

PHONE_TOKEN = "\ue000"
WECHAT_TOKEN = "\ue001"
EMAIL_TOKEN = "\ue002"
NUMBER_TOKEN = "\ue003"
PLACEHOLDERS = frozenset({PHONE_TOKEN, WECHAT_TOKEN, EMAIL_TOKEN, NUMBER_TOKEN})

_t2s = opencc.OpenCC("t2s")

# Longest first, so "v信" wins over "v". ASCII spellings need word boundaries.
# A lone "v" counts only right before ":", 是 or 号 ("v：abc_1", "你们v是多少"), never in
# words ("vip", "v领").
_WECHAT_SPELLINGS = re.compile(
    r"绿泡泡|威信|薇信|维信|卫星|v信|(?<![a-z])(?:vx|wx|weixin|wechat)(?![a-z])"
    r"|(?<![a-z0-9])v(?=\s*[:：]|是|号)"
)
# Colloquial and internet spellings people type for common question words.
_COLLOQUIAL = {"啥": "什么", "咋": "怎么", "神马": "什么", "肿么": "怎么", "木有": "没有"}
_COLLOQUIAL_RE = re.compile("|".join(sorted(_COLLOQUIAL, key=len, reverse=True)))
_GREETING = re.compile(
    r"^(?:你好呀?|您好呀?|你们好|大家好|哈喽|哈啰|嗨|在吗|在不在|在么|有人吗|有人在吗|"
    r"亲(?=[\s,，.。!！~～、]|亲|$)|亲亲|宝子们?|姐妹们?|老师好|"
    r"(?:hi|hello|hey)(?![a-z]))[\s,，.。!！~～、?？:：…]*"
)
_THANKS = re.compile(
    r"[\s,，.。!！~～、]*(?:谢谢|多谢|感谢|谢啦|谢了|thx|thanks|thank you)"
    r"(?:你们?|您|啦|了|哈|呀|亲)?[\s,，.。!！~～、🙏]*$"
)
# The look-behind anchors a match at the start of an address: without it a long
# paste makes the engine retry from every character (quadratic time).
_EMAIL = re.compile(r"(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}", re.ASCII)
_WECHAT_ID = re.compile(r"(?<![a-z0-9_-])[a-z][a-z0-9_-]{5,19}(?![a-z0-9_-])")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_MAYBE_CONTACT = re.compile(r"[\da-zA-Z]")


# Unicode's format characters (category Cf) as of Python 3.11's Unicode 14; a test checks
# the class against unicodedata on every code point.
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]+"
)


def drop_format_chars(text: str) -> str:
    """The text without format characters (Cf: zero-width spaces and joiners, BOM, bidi marks)."""
    if text.isascii():
        return text
    return _FORMAT.sub("", text)


@lru_cache(maxsize=1 << 15)
def fold(text: str) -> str:
    """NFKC, traditional -> simplified, lower case, WeChat and colloquial spellings."""
    # Lone surrogates (broken pastes) cannot be encoded for OpenCC: drop them. Invisible
    # characters would split words and numbers ("wx\u200b123") past every rule: drop them.
    text = drop_format_chars(text.encode("utf-8", "ignore").decode("utf-8"))
    folded = _t2s.convert(unicodedata.normalize("NFKC", text)).lower()
    folded = _COLLOQUIAL_RE.sub(lambda m: _COLLOQUIAL[m.group(0)], folded)
    return _WECHAT_SPELLINGS.sub("微信", folded)


def is_word_char(char: str) -> bool:
    """Letters, digits and placeholders count; punctuation, emoji and spaces do not."""
    category = unicodedata.category(char)
    return category[0] in "LN" or char in PLACEHOLDERS


# What is_word_char drops, as one pattern: [^\W_] is exactly Unicode's L and N categories
# (a test checks every code point), and the placeholders are kept.
_SYMBOLS = re.compile(f"[^\\w{''.join(sorted(PLACEHOLDERS))}]+|_+")


def strip_symbols(text: str) -> str:
    """Remove punctuation, emoji, symbols and white space (what ``is_word_char`` rejects)."""
    return _SYMBOLS.sub("", text)


def compact(text: str) -> str:
    """The folded text without punctuation, emoji or white space."""
    return strip_symbols(fold(text))


def strip_courtesy(text: str, keep_bare: bool = True) -> str:
    """Cut leading greetings and trailing thanks; a bare greeting stays if keep_bare."""
    core = text.strip()
    while True:
        cut = _GREETING.sub("", core, count=1)
        if cut == core:
            break
        core = cut
    core = _THANKS.sub("", core)
    if strip_symbols(core):
        return core
    return text if keep_bare else ""


def mask_contacts(text: str) -> str:
    """Replace phones, e-mails, WeChat ids and digit runs with placeholder characters."""
    if not _MAYBE_CONTACT.search(text):  # each pattern needs a digit or a Latin letter
        return text
    text = phones.replace(text, PHONE_TOKEN)
    text = _EMAIL.sub(EMAIL_TOKEN, text)
    text = _WECHAT_ID.sub(_wechat_or_word, text)
    return _DIGITS.sub(NUMBER_TOKEN, text)


def _wechat_or_word(found: re.Match[str]) -> str:
    token = found.group(0)
    # A plain English word ("hello", "thanks") is not an id: ids carry a digit, _ or -.
    return WECHAT_TOKEN if re.search(r"[\d_-]", token) else token


@lru_cache(maxsize=1 << 15)
def for_matching(text: str, keep_bare: bool = True) -> str:
    """The form every trigger and every inquiry is compared in.

    A message that is nothing but a greeting ("在吗") keeps it, since then the
    greeting is the intent; with keep_bare=False it becomes empty instead (used
    for the clauses of a longer message).
    """
    return matching_form(fold(text), keep_bare)


def matching_form(folded: str, keep_bare: bool = True) -> str:
    """``for_matching`` of a text already folded (``fold``), such as a clause of one."""
    return strip_symbols(mask_contacts(strip_courtesy(folded, keep_bare)))


def symbol_shape(text: str) -> str:
    """For texts with no words at all: '?' for question marks, 'e' for emoji, else ''."""
    folded = fold(text)
    if any(char in "?？" for char in folded):
        return "?"
    if any(unicodedata.category(char) == "So" for char in folded):
        return "e"
    return ""
