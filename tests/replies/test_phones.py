"""One definition of a mobile number, seen through extraction, matching, masking and safety."""

import pytest

from replies import phones
from replies.extract import extract, mask_phones, mobile_number
from replies.normalize import PHONE_TOKEN, fold, for_matching
from replies.safety import check, load_rules

WRITTEN = [
    "13812345678",
    "+8613812345678",
    "+86 138 1234 5678",
    "(+86)138-1234-5678",
    "0086 13812345678",
    "138—1234—5678",
    "138–1234–5678",
    "138/1234/5678",
    "138，1234，5678",
    "138.1234.5678",
    "138 - 1234 - 5678",
    "１３８－１２３４－５６７８",
    "138\u200b1234\u200b5678",
]
NOT_PHONES = [
    "12345678901",  # 12 is no mobile prefix
    "1381234567",  # 10 digits
    "138123456789",  # 12 digits
    "订单号8613812345678",  # a bare 86 inside a digit run
    "1、3、8、1、2、3、4、5、6、7、8",  # a list, not a number
    "010-12345678",
    "139****5621",
]


@pytest.mark.parametrize("text", WRITTEN)
def test_every_spelling_is_found_normalised_and_masked(text: str) -> None:
    assert phones.find(f"我电话{text}，方案发我") == ["13812345678"]
    assert extract(f"我电话{text}，方案发我").phone == "13812345678"
    assert mask_phones(f"电话{text}。") == "电话138****5678。"
    assert mobile_number(text) == "13812345678"
    assert for_matching(f"我电话{text}") == f"我电话{PHONE_TOKEN}"


@pytest.mark.parametrize("text", WRITTEN)
def test_every_spelling_is_blocked_in_comments(text: str) -> None:
    hits = check(f"找我{text}", "comment", load_rules())
    assert [(hit.rule, hit.severity) for hit in hits] == [("phone_number", "block")]
    assert hits[0].text == text  # reported where it was pasted, every character of it


@pytest.mark.parametrize("text", NOT_PHONES)
def test_what_is_not_a_mobile_number(text: str) -> None:
    assert phones.find(text) == [] and extract(text).phone is None
    assert mobile_number(text) is None


def test_masked_numbers_are_replaced_but_not_found() -> None:
    assert phones.replace("微信同号 139****5621，电话13812345678", "#") == "微信同号 #，电话#"
    assert phones.find("139****5621") == []


def test_a_bare_86_prefix_counts_for_typed_fields_masks_and_safety_only() -> None:
    assert mobile_number("8613812345678") == "13812345678"
    assert mask_phones("8613812345678") == "138****5678"
    hits = check("8613812345678", "comment", load_rules())
    assert [hit.rule for hit in hits] == ["phone_number"]


@pytest.mark.parametrize("text", ["wx\u200b123", "w\u200dx123", "\ufeffwx123", "wx\u2060123"])
def test_zero_width_characters_are_dropped_in_normalisation(text: str) -> None:
    assert fold(text) == "微信123"


def test_a_masked_number_is_the_same_to_the_model() -> None:
    # Learned examples are stored with phones masked (personal data): lossless only
    # because the model's text form turns a number and its masked form into one token.
    from replies.classifier import model_text
    from tests.replies.labelled import labelled_texts

    changed = [t for t in labelled_texts() if phones.mask(t) != t]
    assert len(changed) > 100
    assert [t for t in changed if model_text(phones.mask(t)) != model_text(t)] == []
