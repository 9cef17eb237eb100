"""Lead-field extraction: one table per field, each with should-not-extract rows."""

import tomllib
from pathlib import Path

import pytest

from replies.extract import contact_in, extract, mask_phones, mobile_number, parse_number
from replies.models import LeadFields

CITIES_FILE = Path(__file__).resolve().parents[2] / "replies" / "data" / "cities.toml"


def check(text: str, expected: dict[str, object]) -> None:
    got = extract(text).as_dict()
    assert {key: got[key] for key in expected} == expected, got
    assert contact_in(text) == bool(got["phone"] or got["wechat"]), text


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("50", 50),
        ("五十", 50),
        ("十二", 12),
        ("一百", 100),
        ("一百零五", 105),
        ("一千五", 1500),
        ("三千五百", 3500),
        ("两万", 20000),
        ("一万二", 12000),
        ("五十万", 500000),
        ("1.5万", 15000),
        ("1.5w", 15000),
        ("10w", 100000),
        ("1k", 1000),
        ("8千", 8000),
        ("3千5", 3500),
        ("1万5千", 15000),
        ("30,000", 30000),
        ("百", 100),
        ("三四十", None),  # a range
        ("30-40", None),
        ("三十到四十", None),
        ("几十", None),  # 几: unknown
        ("五十几", None),
        ("万", None),
        ("9" * 40, None),
        ("1..2", None),  # public: any string gives a value or None
        ("abc", None),
        ("²", None),
        ("", None),
    ],
)
def test_parse_number(token: str, value: float | None) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们是上海的公司", {"city": "上海"}),
        ("北京市内有室内场地吗", {"city": "北京"}),
        ("北京的团建公司", {"city": "北京"}),
        ("廣州有分公司嗎", {"city": "广州"}),  # traditional characters
        ("去澳門開年會", {"city": "澳门"}),
        ("杭州或者苏州都行", {"city": "杭州"}),  # first city wins
        ("想去马鞍山", {"city": "马鞍山"}),  # not 鞍山
        ("吉林有合作的酒店吗", {"city": "吉林"}),
        ("我们在大同", {"city": "大同"}),
        ("周末去开封玩", {"city": "开封"}),
        ("辽宁朝阳市的客户", {"city": "朝阳"}),
        ("决定西安团建了", {"city": "西安"}),  # not 定西
        ("上海南京路附近", {"city": "上海"}),
        ("三亚海边团建", {"city": "三亚"}),
        ("西双版纳可以吗", {"city": "西双版纳"}),
        # districts, scenic spots and provinces alone are not a city
        ("怀柔那边有基地吗", {"city": None}),
        ("朝阳区的公司", {"city": None}),
        ("东三环附近", {"city": None}),
        ("古北水镇可以吗", {"city": None}),
        ("阿那亚能安排吗", {"city": None}),
        ("雁栖湖边的酒店", {"city": None}),
        ("崇礼滑雪", {"city": None}),
        ("想去海南", {"city": None}),
        ("长白山滑雪", {"city": None}),
        ("峨眉山看日出", {"city": None}),
        # city names inside other words
        ("两家方案大同小异", {"city": None}),
        ("美丽江南水乡", {"city": None}),
        ("普通化妆品", {"city": None}),
        ("午餐有三明治吗", {"city": None}),
        ("口红未开封能退吗", {"city": None}),
        ("我们是阿里的", {"city": None}),
        ("来宾签到怎么安排", {"city": None}),
        ("晚上玩德州扑克", {"city": None}),
        ("北京时间下午三点开会", {"city": None}),
        ("预定西餐厅", {"city": None}),
    ],
)
def test_city(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们50人", {"headcount": 50}),
        ("五十个人想去海边", {"headcount": 50}),
        ("60人左右", {"headcount": 60}),
        ("至少60人", {"headcount": 60}),
        ("大概150人", {"headcount": 150}),
        ("一百人的年会", {"headcount": 100}),
        ("30个同事一起", {"headcount": 30}),
        ("二十来人", {"headcount": 20}),
        ("三十多个人", {"headcount": 30}),
        ("200人的年会", {"headcount": 200}),
        ("团建五十個人", {"headcount": 50}),
        ("我们一共45位", {"headcount": 45}),
        ("人数：80", {"headcount": 80}),
        ("俩人", {"headcount": 2}),
        ("五十一个人", {"headcount": 51}),
        ("百人年会", {"headcount": 100}),
        ("🎉🎉 50人 🎉", {"headcount": 50}),
        ("12月30人", {"headcount": 30, "month": 12}),
        # ranges and vague counts stay empty
        ("三四十人", {"headcount": None}),
        ("30-40人", {"headcount": None}),
        ("30~40人", {"headcount": None}),
        ("三十到四十人", {"headcount": None}),
        ("团建人数在80-100之间", {"headcount": None}),
        ("几个同事", {"headcount": None}),
        ("几十人", {"headcount": None}),
        ("上百人的年会", {"headcount": None}),
        # not a count of people
        ("人均500", {"headcount": None}),
        ("500/人", {"headcount": None}),
        ("一个人多少钱", {"headcount": None}),
        ("10人一桌", {"headcount": None}),
        ("住2人间", {"headcount": None}),
        ("每桌10人", {"headcount": None}),
        ("50人座大巴", {"headcount": None}),
        ("公司30周年", {"headcount": None}),
        ("500人民币", {"headcount": None}),
    ],
)
def test_headcount(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人均500", {"budget_per_head": 500}),
        ("人均一千", {"budget_per_head": 1000}),
        ("人均一千五", {"budget_per_head": 1500}),
        ("500/人", {"budget_per_head": 500}),
        ("500元/人", {"budget_per_head": 500}),
        ("500一个人", {"budget_per_head": 500}),
        ("五百块一个人", {"budget_per_head": 500}),
        ("一千五一个人", {"budget_per_head": 1500}),
        ("每人500", {"budget_per_head": 500}),
        ("一个人500", {"budget_per_head": 500}),
        ("人均1000以内", {"budget_per_head": 1000}),
        ("人均1k", {"budget_per_head": 1000}),
        ("人均１０００元", {"budget_per_head": 1000}),  # full-width
        ("预算人均只有四百", {"budget_per_head": 400, "budget_total": None}),
        ("人均消费大概800左右", {"budget_per_head": 800}),
        ("预算500人均", {"budget_per_head": 500, "budget_total": None}),
        ("人均300预算能做吗", {"budget_per_head": 300, "budget_total": None}),
        ("人均300-500", {"budget_per_head": None}),
        ("200到300一个人", {"budget_per_head": None}),
        ("三百到五百一个人", {"budget_per_head": None}),
        ("人均三四百", {"budget_per_head": None}),
        ("一个人大概几百", {"budget_per_head": None}),
        ("人均大概多少钱", {"budget_per_head": None}),
    ],
)
def test_budget_per_head(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算3万", {"budget_total": 30000}),
        ("总预算10w", {"budget_total": 100000}),
        ("10w以内", {"budget_total": 100000}),
        ("预算8千", {"budget_total": 8000}),
        ("5万块能做吗", {"budget_total": 50000}),
        ("两万够吗", {"budget_total": 20000}),
        ("1.5万", {"budget_total": 15000}),
        ("预算30000元", {"budget_total": 30000}),
        ("预算一共3万", {"budget_total": 30000}),
        ("5000预算够吗", {"budget_total": 5000}),
        ("50人预算3万", {"budget_total": 30000, "headcount": 50}),
        ("总预算5万，40个人", {"budget_total": 50000, "headcount": 40}),
        ("人均500，总共3万", {"budget_total": 30000, "budget_per_head": 500}),
        ("预算3-5万", {"budget_total": None}),
        ("预算三五万", {"budget_total": None}),
        ("预算几万", {"budget_total": None}),
        ("人均1万", {"budget_total": None, "budget_per_head": 10000}),
        ("千岛湖能去吗", {"budget_total": None}),
        ("万一下雨怎么办", {"budget_total": None}),
        ("粉丝1万", {"budget_total": None}),
        ("兼职日结，日入300", {"budget_total": None}),
        ("月入3万", {"budget_total": None}),
        ("1万平米的场地", {"budget_total": None}),
        ("口红300块", {"budget_total": None}),
    ],
)
def test_budget_total(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7月", {"month": 7}),
        ("七月份去避暑", {"month": 7}),
        ("12月的年会", {"month": 12}),
        ("11月初要", {"month": 11}),
        ("十一月", {"month": 11}),
        ("十二月办年会", {"month": 12}),
        ("7月15号", {"month": 7}),
        ("2025年10月", {"month": 10}),
        ("7月到三亚", {"month": 7, "city": "三亚"}),
        ("7月到一个凉快的地方", {"month": 7}),
        ("下个月", {"month": None}),
        ("上个月找过你们", {"month": None}),
        ("中秋团建", {"month": None}),
        ("十一出去玩", {"month": None}),
        ("两个月后", {"month": None}),
        ("3个月", {"month": None}),
        ("7-8月", {"month": None}),
        ("七八月份", {"month": None}),
        ("110月", {"month": None}),
        ("13月", {"month": None}),
    ],
)
def test_month(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我电话15910237846", {"phone": "15910237846"}),
        ("手机号：186 2049 7713", {"phone": "18620497713"}),
        ("打我电话 158-0163-2297", {"phone": "15801632297"}),
        ("１３８１２３４５６７８", {"phone": "13812345678"}),
        ("+86 13812345678", {"phone": "13812345678"}),
        ("电话13520968471 微信同号", {"phone": "13520968471", "wechat": None}),
        ("13912345678，50人", {"phone": "13912345678", "headcount": 50}),
        ("微信同号 139****5621", {"phone": None}),
        ("139 **** 1234", {"phone": None}),
        ("座机010-12345678", {"phone": None}),
        ("订单号8613812345678", {"phone": None}),  # inside a longer digit run
        ("12345678901", {"phone": None}),  # not a mobile prefix
        ("1381234567", {"phone": None}),  # 10 digits
    ],
)
def test_phone(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vx：amy_xingzheng 加我一下", {"wechat": "amy_xingzheng"}),
        ("加我微信吧 Wendy-0612", {"wechat": "Wendy-0612"}),
        ("我微信是 xz_chenchen", {"wechat": "xz_chenchen"}),
        ("V：momo_2019 备注团建", {"wechat": "momo_2019"}),
        ("微信搜 yoyo_1990 就是我", {"wechat": "yoyo_1990"}),
        ("我微信Lemon-tree77拉我进群", {"wechat": "Lemon-tree77"}),
        ("微信号：zhangsan", {"wechat": "zhangsan"}),  # letters only, after a cue
        ("加v：Coco_99", {"wechat": "Coco_99"}),
        ("ｗｘ：ＨＲ－Ｔｉｎａ０７", {"wechat": "HR-Tina07"}),  # full-width, case kept
        ("联系 wxid_k2j3h4", {"wechat": "wxid_k2j3h4"}),  # alone but id-shaped
        ("微信同号", {"wechat": None}),
        ("方案发我邮箱 linjing@tech-star.cn", {"wechat": None}),
        ("邮箱 Tina_07@163.com", {"wechat": None}),
        ("加我 hello", {"wechat": None}),
        ("有team-building方案吗", {"wechat": None}),
        ("这个视频用的什么BGM", {"wechat": None}),
        ("Dior999试色", {"wechat": None}),
        ("qq12345678", {"wechat": None}),
        ("微信：Amy", {"wechat": None}),  # shorter than 6
        ("微信 abcdefghijklmnopqrstuvwxyz123", {"wechat": None}),  # longer than 20
        ("看 https://xhslink.com/a1b2c3d4", {"wechat": None}),
    ],
)
def test_wechat(text: str, expected: dict[str, object]) -> None:
    check(text, expected)


def test_full_inquiry() -> None:
    text = "你好，人均400，40人，7月中旬去秦皇岛，电话 158-0163-2297，麻烦加我微信 HR-Tina07 详聊"
    assert extract(text) == LeadFields(
        city="秦皇岛",
        headcount=40,
        budget_per_head=400,
        month=7,
        phone="15801632297",
        wechat="HR-Tina07",
    )


@pytest.mark.parametrize(
    "text",
    ["", " ", "😍😍😍", "？", "\x00\ud800", "万" * 50, "9" * 300, "1-" * 100, "人均" * 40],
)
def test_odd_input_gives_no_fields(text: str) -> None:
    assert extract(text) == LeadFields()


def test_long_paste_still_extracts() -> None:
    # Guards the patterns against catastrophic backtracking on 20 000-character pastes
    # (speed itself is measured by `make bench`, never asserted here).
    text = ("北京 人均500 13812345678 abc_123 " * 20000)[:20000]
    fields = extract(text)
    assert (fields.city, fields.phone, fields.wechat) == ("北京", "13812345678", "abc_123")


@pytest.mark.parametrize("unit", ["一" * 20, "a@", "1.", "1 ", "预算一"])
def test_long_odd_pastes_give_no_fields(unit: str) -> None:
    assert extract((unit * 20000)[:20000]) == LeadFields()


def test_cities_file_lists_every_prefecture() -> None:
    data = tomllib.loads(CITIES_FILE.read_text(encoding="utf-8"))
    names = [name for group in data["cities"].values() for name in group]
    assert len(names) == len(set(names)) >= 335
    assert {"北京", "天津", "上海", "重庆", "香港", "澳门", "秦皇岛", "张家口"} <= set(names)
    assert not [name for name in names if name.endswith("市")]
    for name, words in data["false_positives"].items():
        assert name in names and all(name in word for word in words)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("123", None),
        ("010-12345678", None),
        ("139****5621", None),
        ("12800138000", None),
        ("138001380001", None),
    ],
)
def test_mobile_number_from_a_typed_field(typed: str, number: str | None) -> None:
    assert mobile_number(typed) == number


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我电话 138 1234 5678，谢谢", "我电话 138****5678，谢谢"),
        ("１５８００００１１１１", "158****1111"),
        ("座机010-12345678 人均500", "座机010-12345678 人均500"),
        ("订单 12345678901234", "订单 12345678901234"),
    ],
)
def test_mask_phones(text: str, masked: str) -> None:
    assert mask_phones(text) == masked


def test_contact_in_is_extracts_phone_or_wechat_on_every_labelled_row() -> None:
    from tests.replies.labelled import labelled_texts

    texts = [*labelled_texts(), "电话\ud83d 13812345678", "wx\u200bamy_2020"]
    fields = [extract(text) for text in texts]
    assert sum(bool(f.phone or f.wechat) for f in fields) > 50
    assert [contact_in(t) for t in texts] == [bool(f.phone or f.wechat) for f in fields]
