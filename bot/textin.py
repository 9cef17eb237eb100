"""Text from outside: stdin lines and command-line arguments, checked before any processing.

A line is read with a bounded ``readline``, so a 20 MB line is counted in chunks and
refused, never decoded or normalised whole; a line that is not UTF-8 is refused with a
clear error for that line alone. Arguments are checked for the lone surrogates Python
puts in ``sys.argv`` for bytes that are not UTF-8.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO, TextIO

from bot.texts import error_text
from replies.errors import InputError
from replies.models import MAX_CHARS

FIELD_LIMIT = 10_000  # a lead field or note typed in the chat (storage refuses longer)
MAX_UTF8_BYTES = 4  # per character
CHUNK = 1 << 20  # how much of an over-long line is held at once while it is skipped
Ask = Callable[[str], str]
_chat_locale = ["zh"]  # set by the chat command once the configuration is loaded


def read_line(stream: BinaryIO, limit: int = MAX_CHARS, code: str = "too_long") -> str | None:
    """The next line without its line break, None at the end of input.

    InputError (the whole line consumed) when it is longer than limit characters or is
    not UTF-8; ``code`` names the too-long message ("too_long" for an inquiry).
    """
    cap = limit * MAX_UTF8_BYTES + 2  # room for the longest allowed line and "\r\n"
    raw = stream.readline(cap)
    if not raw:
        return None
    if len(raw) == cap and not raw.endswith(b"\n"):
        raise too_long(_skip_rest(stream, raw), limit, code)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte, position = f"0x{raw[exc.start]:02X}", exc.start + 1
        raise InputError(
            f"not valid UTF-8 (byte {byte} at position {position})",
            "bad_utf8", byte=byte, position=position,
        ) from None  # fmt: skip
    text = text.removesuffix("\n").removesuffix("\r")
    check_length(text, limit, code)
    return text


def lines(stream: BinaryIO, limit: int = MAX_CHARS) -> Iterator[str | InputError]:
    """Every line of the stream (see read_line), or the InputError that refused it."""
    while True:
        try:
            line = read_line(stream, limit)
        except InputError as exc:
            yield exc
            continue
        if line is None:
            return
        yield line


def check_length(text: str, limit: int = MAX_CHARS, code: str = "too_long") -> str:
    """The text, or InputError when it is longer than limit characters."""
    if len(text) > limit:
        raise too_long(len(text), limit, code)
    return text


def typed_line(text: str) -> str:
    """A line typed at an interactive prompt: length-checked, bad bytes made visible (U+FFFD)."""
    check_length(text)
    if any("\ud800" <= char <= "\udfff" for char in text):
        return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)
    return text


def too_long(length: int, limit: int, code: str = "too_long") -> InputError:
    """The error for a text of length characters over limit ("too_long": an inquiry)."""
    what = "the inquiry" if code == "too_long" else "the line"
    advice = ": paste only the customer's message" if code == "too_long" else ""
    message = f"{what} is {length} characters long; the limit is {limit}{advice}"
    return InputError(message, code, length=length, limit=limit)


def _skip_rest(stream: BinaryIO, head: bytes) -> int:
    """Consume the rest of an over-long line; its length in characters."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    length = len(decoder.decode(head))
    chunk = head
    while not chunk.endswith(b"\n"):
        chunk = stream.readline(CHUNK)
        if not chunk:
            break
        body = chunk[:-1].removesuffix(b"\r") if chunk.endswith(b"\n") else chunk
        length += len(decoder.decode(body))
    return length + len(decoder.decode(b"", final=True))


def check_arguments(argv: Sequence[str]) -> None:
    """InputError naming the first argument that is not valid UTF-8 (a lone surrogate)."""
    for position, value in enumerate(argv):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            flag, _, _ = value.partition("=")
            before = argv[position - 1] if position else ""
            name = flag if flag.startswith("-") and "=" in value else before
            name = name if name.startswith("-") else f"#{position + 1}"
            point = ord(value[exc.start])
            byte = f"0x{point - 0xDC00:02X}" if 0xDC80 <= point <= 0xDCFF else f"U+{point:04X}"
            raise InputError(
                f"argument {name} is not valid UTF-8 (byte {byte})",
                "bad_argument", argument=name, byte=byte,
            ) from None  # fmt: skip


def use_locale(locale: str) -> None:
    """The locale in which stdin_prompts report a refused line (the chat's, once known)."""
    _chat_locale[0] = locale


def stdin_prompts(stdin: BinaryIO | None = None, stdout: TextIO | None = None) -> tuple[Ask, Ask]:
    """(read, ask) like input() for a chat on a pipe, refusing bad lines one at a time.

    ``read`` takes inquiries (MAX_CHARS), ``ask`` lead fields and notes (FIELD_LIMIT). A
    refused line is reported on stdout, in the chat's locale, and the next one is read.
    """
    return _prompt(stdin, stdout, MAX_CHARS, "too_long"), _prompt(
        stdin, stdout, FIELD_LIMIT, "line_too_long"
    )


def _prompt(stdin: BinaryIO | None, stdout: TextIO | None, limit: int, code: str) -> Ask:
    def ask(message: str) -> str:
        source, out = stdin or sys.stdin.buffer, stdout or sys.stdout
        while True:
            out.write(message)
            out.flush()
            try:
                line = read_line(source, limit, code)
            except InputError as exc:
                print(error_text(_chat_locale[0], exc), file=out, flush=True)
                continue
            if line is None:
                raise EOFError
            return line

    return ask
