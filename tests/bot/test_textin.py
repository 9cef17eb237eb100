"""Text from outside in-process: bounded stdin lines, argv checks, printable and JSON output."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest

from bot import textin
from bot.config import peek_locale
from bot.format import json_line, printable
from replies.errors import InputError


class Recording(io.BytesIO):
    """A byte stream that remembers the largest read asked of it."""

    largest = 0

    def readline(self, size: int | None = -1) -> bytes:
        self.largest = max(self.largest, size if size is not None and size >= 0 else 1 << 62)
        return super().readline(size)


def test_lines_without_their_breaks_then_none() -> None:
    stream = io.BytesIO("多少钱\r\n\n最后一行".encode())
    assert [textin.read_line(stream) for _ in range(4)] == ["多少钱", "", "最后一行", None]


@pytest.mark.parametrize("limit", [5, 4000])
def test_a_line_over_the_limit_is_refused_and_consumed(limit: int) -> None:
    stream = io.BytesIO(("好" * limit + "\n" + "好" * (limit + 1) + "\r\nnext\n").encode())
    assert textin.read_line(stream, limit) == "好" * limit
    with pytest.raises(InputError) as caught:
        textin.read_line(stream, limit)
    assert (caught.value.code, caught.value.values) == (
        "too_long", {"length": limit + 1, "limit": limit}
    )  # fmt: skip
    assert textin.read_line(stream, limit) == "next"


def test_a_huge_line_is_read_in_bounded_pieces() -> None:
    stream = Recording(b"x" * 20_000_000 + "é\r\n多少钱\n".encode())
    with pytest.raises(InputError, match="is 20000001 characters long; the limit is 4000"):
        textin.read_line(stream)
    assert textin.read_line(stream) == "多少钱" and stream.largest <= textin.CHUNK


def test_a_line_that_is_not_utf8_is_refused_alone() -> None:
    stream = io.BytesIO(b"ok\n\xe5\xa4\xff\nnext\n")
    items = list(textin.lines(stream))
    assert items[0] == "ok" and items[2] == "next"
    assert isinstance(items[1], InputError) and items[1].code == "bad_utf8"
    assert str(items[1]) == "not valid UTF-8 (byte 0xE5 at position 1)"  # where it breaks


@pytest.mark.parametrize(
    ("argv", "argument", "byte"),
    [
        (["lead", "add", "--nickname", "\udca0"], "--nickname", "0xA0"),
        (["lead", "add", "--nickname=x\udcff"], "--nickname", "0xFF"),
        (["lead", "find", "\udce5"], "#3", "0xE5"),
        (["-v", "match", "多\ud800"], "#3", "U+D800"),
    ],
)
def test_arguments_that_are_not_utf8(argv: list[str], argument: str, byte: str) -> None:
    with pytest.raises(InputError) as caught:
        textin.check_arguments(argv)
    assert caught.value.code == "bad_argument"
    assert caught.value.values == {"argument": argument, "byte": byte}


def test_good_arguments_pass() -> None:
    textin.check_arguments(["lead", "add", "--nickname", "小王 😀", "--city=北京"])


@pytest.fixture
def english() -> Iterator[None]:
    """The chat's locale set to English for the test, zh again afterwards."""
    textin.use_locale("en")
    yield
    textin.use_locale("zh")


@pytest.mark.usefixtures("english")
def test_chat_prompts_report_a_refused_line_and_read_the_next() -> None:
    out = io.StringIO()
    stdin = io.BytesIO(b"\xa0\n" + b"y" * 5000 + b"\n" + "多少钱\n".encode() + b"z" * 10_001)
    read, ask = textin.stdin_prompts(stdin, out)
    assert read("> ") == "多少钱"
    assert out.getvalue().splitlines() == [
        "> Error: this line is not UTF-8 (byte 0xA0 at position 1); skipped",
        "> Error: the inquiry is 5000 characters; the limit is 4000:"
        " paste only the customer's message",
        "> ",
    ]
    with pytest.raises(EOFError):  # a field may be longer than an inquiry, but not unbounded
        ask("note: ")
    assert "Error: the line is 10001 characters; the limit is 10000" in out.getvalue()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;PWNED\x07\x1b[2J小王", "]0;PWNED[2J小王"),
        ("\x9b2J", "2J"),
        ("多行\n\t备注", "多行\n\t备注"),
        ("\u202eevil\u200b", "evil"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
        ("broken\udca0", "broken"),
        ("plain", "plain"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_json_line_escapes_line_breaks_other_json_leaves() -> None:
    value = {"text": "a\u2028b\u2029c\x85d\n", "中": "文"}
    line = json_line(value)
    assert line == '{"text": "a\\u2028b\\u2029c\\u0085d\\n", "中": "文"}'
    assert len(line.splitlines()) == 1 and json.loads(line) == value


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ('locale = "en"\n', "en"),
        ("  locale='en'  # English\nthreshold = \n", "en"),
        ('# comment\nlocale = "zh"\n[matching]\n', "zh"),
        ('[matching]\nlocale = "en"\n', None),  # not top-level
        ('locale = "fr"\n', None),
        ("locale = \n", None),
        ("", None),
    ],
)
def test_peek_locale(text: str, locale: str | None) -> None:
    assert peek_locale(text) == locale


def test_a_typed_line_is_checked_and_its_broken_bytes_made_visible() -> None:
    from bot.textin import typed_line

    assert typed_line("ab\udca0c\ud800") == "ab\ufffdc\ufffd"
    assert typed_line("多少钱") == "多少钱"
    with pytest.raises(InputError):
        typed_line("x" * 5000)
