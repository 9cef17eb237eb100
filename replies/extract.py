"""Lead fields from a pasted inquiry: city, headcount, budgets, month, phone and WeChat id.

The rules are the annotation guide's (shared/eval/README.md). Contacts are taken first
and masked, so their digits are never read as amounts. Every remaining number is then
read once as a token (Arabic, full-width or Chinese, with k/w/千/万, or a range) and
given to the first field whose context fits, so one number never fills two fields.
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

from replies import phones
from replies.models import LeadFields
from replies.normalize import drop_format_chars, fold

# ---- numerals ------------------------------------------------------------------------

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "k": 1000, "万": 10_000, "w": 10_000}
# "1万5", "3千5": one trailing digit after a unit is shorthand for the next place.
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:(?:[百千万]|[kw](?![a-z]))(?:\d(?!\d))?)*"
_CHINESE = r"[零〇一二两俩三四五六七八九十百千万几]+"
_NUM = rf"(?:{_ARABIC}|{_CHINESE})"
# A range is "30-40", "30到40" or "三十到四十", with an optional unit after the first
# number. 到/至 joins numbers of one script, before a count or an amount: "7月到三亚",
# "7月到一个地方" are no ranges.
_JOIN = r"(?:人|个|位|元|块|月)?\s*"
_END = r"(?=[\s人个位名元块月万千kw多来余左以一每,，。.!！?？、/]|$)"
_TOKEN = re.compile(
    rf"{_ARABIC}(?:{_JOIN}(?:[-~～—–]\s*{_NUM}|[到至]\s*{_ARABIC}{_END}))?"
    rf"|{_CHINESE}(?:{_JOIN}(?:[-~～—–]\s*{_NUM}|[到至]\s*{_CHINESE}{_END}))?"
)

_PARTS = re.compile(r"\d+(?:\.\d+)?|.", re.S)
_RANGE = re.compile(r"[-~～—–到至]")


def parse_number(token: str) -> float | None:
    """Value of one numeral ("1.5w", "一千五", "三千五百"); None if vague or a range."""
    if "几" in token or token.startswith("万") or _RANGE.search(token):
        return None  # 几 is "some"; a range has no single value
    total = section = 0.0
    current: float | None = None
    place = 10.0  # what one trailing digit is worth: "一千五" -> 5 x 100
    for part in _PARTS.findall(token.replace(",", "")):
        if part in _UNITS:
            unit = _UNITS[part]
            if unit == 10_000:
                total, section = total + (section + (current or 0)) * unit, 0.0
            else:
                section += (1 if current is None else current) * unit
            current, place = None, float(unit)
        elif part in ("零", "〇"):
            place = 10.0  # "一百零五": the digit after 零 is a plain unit digit
        elif current is not None or len(part) > 12:
            return None  # "三四十" is a range; absurdly long runs are no amount
        elif part in _DIGITS:
            current = float(_DIGITS[part])
        elif part[0].isdecimal():
            current = float(part)
        else:
            return None  # not a numeral at all
    value = total + section + (current or 0) * (place / 10 if total or section else 1)
    return value if math.isfinite(value) and 0 < value < 1e10 else None


def _int(value: float | None, low: int = 1) -> int | None:
    return int(value) if value is not None and value == int(value) and value >= low else None


# ---- contexts around a number ---------------------------------------------------------

_FILLER = (
    r"(?:预算|消费|费用|花费|标准|价格|价位|大概|大约|约|只有|只|就|在|是|为|控制在|不超过|不超"
    r"|不到|最多|最高|顶多|差不多|一般|能|可以|的话|按|有|每天|一天|元|块|[:：\s~～¥])*"
)
_PER_HEAD_BEFORE = re.compile(rf"(?:人均|每人|每个人|每位|一个人|一人|单人|人头){_FILLER}$")
_PER_HEAD_AFTER = re.compile(
    r"^\s*(?:元|块钱?|rmb|人民币)?\s*(?:左右|以内)?\s*(?:/|每|一)\s*个?(?:人|位)(?!数)"
    r"|^\s*(?:元|块钱?)?\s*人均"
)
_PEOPLE = r"(?:人(?![均民次桌间座房])(?!一[桌组间队车辆])|同事|员工|同学|小伙伴|伙伴|嘉宾|学员)"
_HEAD_AFTER = re.compile(
    rf"^(?:多|来|余|\+)?\s*(?:(?:个|位|名|号)?{_PEOPLE}|位(?=[\s,，。!！?？左的]|$))"
)
_HEAD_BEFORE = re.compile(r"人数(?:大概|大约|约|在|是|为|有|[:：\s])*$")
_NOT_HEAD_BEFORE = re.compile(r"(?:每[^\d\s,，。]{0,2}|第)$")  # "每桌10人", "第3人"
_MONTH = re.compile(r"0?[1-9]|1[0-2]|十[一二]?|[一二三四五六七八九]")  # not 两: "两月" = 2 months
_TOTAL_BEFORE = re.compile(
    rf"(?:预算|经费|费用|总价|总共|一共|总计|合计|打包|全包|包干|整体){_FILLER}$"
)
_TOTAL_AFTER = re.compile(r"^\s*(?:元|块钱?)?\s*的?\s*总?预算")
_UNIT = re.compile(r"[百千万kw]")
_ONE_HEAD = re.compile("个?[人位]")
_NOT_TOTAL_AFTER = re.compile(
    r"^\+?\s*(?:多|余)?\s*(?:个|人|位|名|粉|平|米|步|字|次|条|件|张|年|天|公里|小时|分钟|赞|阅读|播放|火急)"
)
_NOT_TOTAL_BEFORE = re.compile(
    r"(?:粉丝|播放|点赞|收藏|浏览|阅读|曝光|入|工资|月薪|年薪|赚|挣|销量|第)$"
)


# Smaller values are a digit inside a word ("预算一共3万", "人均一般500"), not an amount.
_MINIMUM = {"headcount": 2, "budget_per_head": 10, "budget_total": 100}


def _numbers(text: str) -> dict[str, int]:
    """Give each number token to the first field its context fits; first token per field."""
    found: dict[str, int] = {}
    for match in _TOKEN.finditer(text):
        token, start, end = _token(match, text)
        before, after = text[max(0, start - 12) : start], text[end : end + 12]
        field = _field_of(token, before, after)
        number = _int(parse_number(token), _MINIMUM.get(field or "", 1))
        if field and number is not None:
            found.setdefault(field, number)
    return found


def _token(match: re.Match[str], text: str) -> tuple[str, int, int]:
    token, start, end = match.group(), match.start(), match.end()
    # "一千五一个人" is 1500 a head; "五十一个人" (a valid 51) stays a count.
    if token.endswith("一") and parse_number(token) is None and _ONE_HEAD.match(text, end):
        return token[:-1], start, end - 1
    return token, start, end


def _field_of(token: str, before: str, after: str) -> str | None:
    """Per head before headcount ("500一个人"), and anything else before a bare total."""
    if _PER_HEAD_BEFORE.search(before) or _PER_HEAD_AFTER.search(after):
        return "budget_per_head"
    if _HEAD_AFTER.search(after) or _HEAD_BEFORE.search(before):
        vague = token[0] in "百千" and before.endswith(("上", "数", "成"))  # "上百人"
        return None if vague or _NOT_HEAD_BEFORE.search(before) else "headcount"
    if after.startswith("月"):
        return "month" if _MONTH.fullmatch(token) else None
    if _NOT_TOTAL_AFTER.search(after) or _NOT_TOTAL_BEFORE.search(before):
        return None
    cued = _TOTAL_BEFORE.search(before) or _TOTAL_AFTER.search(after)
    with_unit = token[0] not in "百千万" and _UNIT.search(token)  # "3万", "两千"; not 千岛湖
    return "budget_total" if cued or with_unit else None


# ---- contacts ---------------------------------------------------------------------------

# ASCII \w and a start boundary: otherwise a long Chinese text backtracks quadratically.
_EMAIL_OR_URL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@[\w.-]+\.[a-z]{2,}|https?://\S+|www\.\S+", re.I | re.A
)
_ID = re.compile(r"(?<![\w@.-])[a-z][\w-]{5,19}(?![\w@-])(?!\.[a-z])", re.I | re.A)
_WECHAT_CUE = re.compile(
    r"(?:微信号?|微信號|v信|威信|薇信|维信|绿泡泡|vx|wx|weixin|wechat|(?<![a-z])v|加我)"
    r"(?:[\s:：~,，]|是|为|搜索?|一下|吧|哦|呀|号|號|id)*$",
    re.I,
)
# Id-shaped words that are not ids: product and model names, QQ numbers.
_NOT_ID = re.compile(
    r"(?:qq|iphone|ipad|mate|dior|ysl|mac|nars|armani|chanel|gucci|covid|top|python)-?\d",
    re.I,
)
_ID_MARK = re.compile(r"[\d_]")
_ENGLISH = frozenset({"wechat", "weixin", "please", "thanks", "thank", "hello", "number"})


def mobile_number(typed: str) -> str | None:
    """An 11-digit mainland mobile from a typed field (spaces, dashes, +86); else None."""
    return phones.normalise(typed)


def mask_phones(text: str) -> str:
    """The text with every mobile number shown as 138****5678 (for logs and history)."""
    return phones.mask(text)


def _phone(text: str) -> str | None:
    found = phones.find(text)
    return found[0] if found else None


def _wechat(text: str) -> str | None:
    """The first id after a WeChat cue, or else the first id-shaped token."""
    for match in _ID.finditer(text):
        token = match.group()
        if _NOT_ID.match(token):
            continue
        cued = _WECHAT_CUE.search(text[max(0, match.start() - 12) : match.start()])
        # Alone, "team-building" is English; an id needs a digit or _ ("Wendy-0612").
        if (cued and token.lower() not in _ENGLISH) or _ID_MARK.search(token):
            return token
    return None


# ---- city ---------------------------------------------------------------------------------


_CityData = tuple[dict[str, tuple[str, ...]], frozenset[str], tuple[str, ...], dict[str, list[str]]]


def _load_cities() -> _CityData:
    data = tomllib.loads((Path(__file__).parent / "data" / "cities.toml").read_text("utf-8"))
    names = sorted({n for group in data["cities"].values() for n in group}, key=len, reverse=True)
    by_first: dict[str, tuple[str, ...]] = {}
    for name in names:  # longest first, so 马鞍山 is tried before 鞍山 would be
        by_first[name[0]] = (*by_first.get(name[0], ()), name)
    suffix = data["suffix_required"]
    return by_first, frozenset(suffix["names"]), tuple(suffix["suffixes"]), data["false_positives"]


_CITIES, _SUFFIX_REQUIRED, _SUFFIXES, _FALSE_POSITIVES = _load_cities()


def city_in(text: str) -> str | None:
    """The first city a folded text (``normalize.fold``) names, skipping non-city words."""
    for start, char in enumerate(text):
        for name in _CITIES.get(char, ()):
            if text.startswith(name, start) and _is_city(text, name, start):
                return name
    return None


def _is_city(text: str, name: str, start: int) -> bool:
    if name in _SUFFIX_REQUIRED and not text.startswith(_SUFFIXES, start + len(name)):
        return False
    for word in _FALSE_POSITIVES.get(name, ()):
        offset = word.index(name)
        if offset <= start and text.startswith(word, start - offset):
            return False
    return True


# ---- public -------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 15)
def extract(text: str) -> LeadFields:
    """Lead fields named in one inquiry; None where the text does not say.

    Cached: the desk reads a message's fields and its re-suggestions read them again
    (LeadFields is frozen). The engine's contact rule asks ``contact_in`` instead.
    """
    text, cased, folded = _prepared(text)
    phone = _phone(folded)
    rest = phones.replace(_EMAIL_OR_URL.sub(" ", folded), " ")
    rest = _ID.sub(" ", rest)  # ids carry digits that are no amounts ("momo_2019")
    numbers = _numbers(rest)
    return LeadFields(
        city=city_in(folded),
        headcount=numbers.get("headcount"),
        budget_per_head=numbers.get("budget_per_head"),
        budget_total=numbers.get("budget_total"),
        month=numbers.get("month"),
        phone=phone,
        wechat=_wechat(cased),
    )


def contact_in(text: str) -> bool:
    """Whether an inquiry leaves a phone number or a WeChat id: ``extract``'s phone or
    wechat field, without the other fields' cost."""
    _, cased, folded = _prepared(text)
    return _phone(folded) is not None or _wechat(cased) is not None


def _prepared(text: str) -> tuple[str, str, str]:
    """The text with lone surrogates made "?", its NFKC form without e-mails and links
    (for WeChat ids, case kept), and its folded form."""
    if not text.isascii():  # fold (OpenCC) cannot encode lone surrogates: make them "?"
        text = drop_format_chars(text.encode("utf-8", "replace").decode("utf-8"))
    return text, _EMAIL_OR_URL.sub(" ", unicodedata.normalize("NFKC", text)), fold(text)
