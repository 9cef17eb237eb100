import re
import unicodedata

import pytest

from replies.normalize import (
    EMAIL_TOKEN,
    NUMBER_TOKEN,
    PHONE_TOKEN,
    WECHAT_TOKEN,
    compact,
    fold,
    for_matching,
    is_word_char,
    mask_contacts,
    strip_symbols,
    symbol_shape,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("ＡＢＣ１２３", "abc123"),  # full-width -> half-width, lower case
        ("團建費用怎麼算", "团建费用怎么算"),  # traditional -> simplified
        ("加我VX", "加我微信"),
        ("加我ｖｘ", "加我微信"),
        ("威信聊", "微信聊"),
        ("薇信", "微信"),
        ("V信", "微信"),
        ("wx号", "微信号"),
        ("卫星联系", "微信联系"),
        ("绿泡泡", "微信"),
        ("V：momo_2019", "微信:momo_2019"),
        ("你们v是多少", "你们微信是多少"),
        ("vip会员", "vip会员"),
        ("v领毛衣", "v领毛衣"),
        ("有吗？", "有吗?"),  # particles stay
        ("眼影盘啥价", "眼影盘什么价"),
        ("咋收费", "怎么收费"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize("raw", ["wxyz", "vxlan", "twxa"])
def test_fold_leaves_words_containing_wechat_letters(raw: str) -> None:
    assert fold(raw) == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("你好，想了解一下你们的团建服务", "想了解一下你们的团建服务"),
        ("您好呀～团建多少钱", "团建多少钱"),
        ("在吗在吗，想问下粉底", "想问下粉底"),
        ("Hi，团建多少钱", "团建多少钱"),
        ("亲，包邮吗", "包邮吗"),
        ("亲子项目有吗", "亲子项目有吗"),  # 亲子 is not a greeting
        ("多少钱？谢谢！", "多少钱"),
        ("包邮吗 thanks", "包邮吗"),
        ("在吗", "在吗"),  # a bare greeting is the whole intent: kept
        ("你好", "你好"),
        ("能便宜点吗😊", "能便宜点吗"),
        ("有人吗?? 想问下", "想问下"),
    ],
)
def test_for_matching_strips_courtesy_and_symbols(raw: str, expected: str) -> None:
    assert for_matching(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("我电话15910237846", f"我电话{PHONE_TOKEN}"),
        ("手机 186 2049 7713", f"手机{PHONE_TOKEN}"),
        ("打我电话 158-0163-2297", f"打我电话{PHONE_TOKEN}"),
        ("微信同号 139****5621", f"微信同号{PHONE_TOKEN}"),
        ("vx：amy_xingzheng", f"微信{WECHAT_TOKEN}"),
        ("微信 Wendy-0612", f"微信{WECHAT_TOKEN}"),
        ("邮箱 linjing@tech-star.cn", f"邮箱{EMAIL_TOKEN}"),
        ("人均３００", f"人均{NUMBER_TOKEN}"),
        ("50人", f"{NUMBER_TOKEN}人"),
        ("想要bgm", "想要bgm"),  # a short English word is not an id
        ("hello world", "world"),
    ],
)
def test_for_matching_masks_contacts(raw: str, expected: str) -> None:
    assert for_matching(raw) == expected


def test_compact_ignores_punctuation_and_width() -> None:
    assert compact("您好，方案发您！") == compact("您好,方案发您!") == "您好方案发您"


@pytest.mark.parametrize(
    ("raw", "shape"),
    [
        ("？", "?"),
        ("？？？", "?"),
        ("?", "?"),
        ("😍😍😍", "e"),
        ("👍", "e"),
        ("……", ""),
        ("好", ""),
    ],
)
def test_symbol_shape(raw: str, shape: str) -> None:
    assert symbol_shape(raw) == shape


def test_strip_symbols_keeps_exactly_the_word_characters_of_every_code_point() -> None:
    # strip_symbols is one regular expression; is_word_char states the rule (L, N, placeholders).
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    wrong = [p for p in points if strip_symbols(p) != (p if is_word_char(p) else "")]
    assert wrong == []
    assert strip_symbols("a_b, 你好！\ue000😀12") == "ab你好\ue00012"


def test_format_characters_pattern_is_unicodes_cf_category() -> None:
    from replies.normalize import drop_format_chars

    for point in range(0x110000):
        if 0xD800 <= point <= 0xDFFF:
            continue
        char = chr(point)
        assert (drop_format_chars("一" + char) == "一") == (unicodedata.category(char) == "Cf")


def test_a_folded_clause_needs_no_second_fold() -> None:
    from replies.matching import _CLAUSE_SPLIT
    from replies.normalize import matching_form
    from tests.replies.labelled import labelled_texts

    parts = [p for text in labelled_texts() for p in _CLAUSE_SPLIT.split(fold(text))]
    assert len(parts) > 3000
    assert [matching_form(p, False) for p in parts] == [for_matching(p, False) for p in parts]


def test_text_without_digits_or_latin_letters_has_no_contact_to_mask() -> None:
    # mask_contacts skips its patterns when the text has neither: each pattern needs one.
    from replies import normalize, phones
    from tests.replies.labelled import labelled_texts

    def every_pattern(text: str) -> str:  # mask_contacts without the skip
        text = phones.replace(text, PHONE_TOKEN)
        text = normalize._EMAIL.sub(EMAIL_TOKEN, text)
        text = normalize._WECHAT_ID.sub(normalize._wechat_or_word, text)
        return normalize._DIGITS.sub(NUMBER_TOKEN, text)

    odd = ["１３８－１２３４－５６７８", "壹叁捌", "＠＠", "Ⅷ⑦", "\u0663\u0664"]
    odd += ["ＶＸ：ａｂｃ１２３", "電話13812345678"]
    texts = [fold(t) for t in labelled_texts()] + odd
    assert sum(not re.search(r"[\da-zA-Z]", t) for t in texts) > 1000  # the skip is taken
    assert [mask_contacts(t) for t in texts] == [every_pattern(t) for t in texts]
    assert sum(mask_contacts(t) != t for t in texts) > 100
