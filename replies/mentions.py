"""What a customer mentioned at all, apart from the values a careful person would extract.

The labelled fields stay empty for "三四十人", "下个月", "中秋" or "预算一两万", yet a reply
that asks "一共多少人？" after them re-asks what the customer already said. So each fact
has a mentioned-flag of its own, read here, next to ``replies.extract``'s values.
Duration (两天一夜 -> 2 days) is read the same way; it is not a scored field.
"""

from __future__ import annotations

import re

from replies.normalize import fold

# The facts a reply may ask for; "date" covers the month as well as 下周, 中秋, 15号 ...
FACTS = ("headcount", "date", "duration", "budget", "city", "contact")

_NUM = r"[0-9零〇一二两俩三四五六七八九十百千几]"
_MENTION = {
    "headcount": re.compile(
        rf"{_NUM}+\s*[-~～到至]?\s*{_NUM}*\s*(?:多|来|余)?\s*(?:个|位|名)?\s*(?:人|同事|员工|小伙伴)"
        r"|人数|全员|全公司|整个部门|一个部门|全体"
    ),
    "date": re.compile(
        rf"{_NUM}+\s*(?:月|号|日)(?!元)|下(?:个)?(?:月|周|礼拜|星期)|这(?:个)?(?:月|周)|月[初中底末]"
        r"|周[一二三四五六日末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|年[前后底初中]"
        r"|春节|国庆|中秋|端午|五一|十一|元旦|清明|圣诞|暑假|寒假|节后|节前|明天|后天|今天"
        r"|[春夏秋冬]天|[春夏秋冬]季|日期|时间(?:定|是|在|大概)"
    ),
    "duration": re.compile(
        rf"{_NUM}+\s*(?:天|日)\s*{_NUM}*\s*(?:夜|晚)?|半天|一天|当天|过夜|{_NUM}+\s*(?:晚|夜)"
        r"|一日游|周末两天"
    ),
    "budget": re.compile(
        rf"预算|人均|经费|{_NUM}+\s*(?:[kw万千块元]|/人|每人)|{_NUM}+\s*左右的?(?:价位|预算)"
    ),
}
_DAYS = re.compile(rf"({_NUM}+)\s*(?:天|日)(?!游)|(半天|一日游|当天)")
_DIGIT_WORDS = {"一": 1, "两": 2, "俩": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}


def mentioned(text: str) -> frozenset[str]:
    """The facts this text mentions in any form (city and contact come from extraction)."""
    folded = fold(text)
    return frozenset(name for name, pattern in _MENTION.items() if pattern.search(folded))


def duration_days(text: str) -> float | None:
    """Days the event lasts when the text says so (两天一夜 -> 2, 半天 -> 0.5)."""
    found = _DAYS.search(fold(text))
    if found is None:
        return None
    if found.group(2):
        return 0.5 if found.group(2) == "半天" else 1.0
    word = found.group(1)
    if word.isdigit():
        days = int(word)
        return float(days) if 0 < days <= 30 else None
    return float(_DIGIT_WORDS[word]) if word in _DIGIT_WORDS else None
