"""Pieces of the Telegram layer that need no server: splitting and escaping."""

from bot.telegram.render import LIMIT, h, split


def test_long_messages_split_at_line_ends() -> None:
    lines = [f"第{n}行 " + "字" * 50 for n in range(200)]
    pieces = split("\n".join(lines))
    assert len(pieces) > 1 and all(len(p) <= LIMIT for p in pieces)
    assert "\n".join(pieces).split("\n") == lines  # nothing lost, no line cut


def test_a_line_longer_than_a_message_is_cut_hard() -> None:
    pieces = split("x" * (LIMIT * 2 + 5))
    assert [len(p) for p in pieces] == [LIMIT, LIMIT, 5]


def test_html_and_control_characters_are_neutralised() -> None:
    assert h("<b>a & b</b>\x1b]0;x\x07") == "&lt;b&gt;a &amp; b&lt;/b&gt;]0;x"
