"""Comment/DM safety check: rule groups, positions, rewrite, rule-file validation."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from replies.errors import SafetyRulesError
from replies.models import Violation
from replies.safety import DEFAULT_PATH, check, load_rules, make_safe, rewrite


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def hits(text, channel, rules):
    return [(v.rule, v.severity, v.text) for v in check(text, channel, rules)]


# (text, rule, severity, the flagged text as it stands in the input)
COMMENT_FLAGS = [
    ("加微信领方案", "wechat", "block", "加微信"),
    ("ＶＸ搜一下", "wechat", "block", "ＶＸ"),
    ("薇信同号", "wechat", "block", "薇信"),
    ("威信", "wechat", "block", "威信"),
    ("V信详聊", "wechat", "block", "V信"),
    ("wx同号", "wechat", "block", "wx"),
    ("卫星同号", "wechat", "block", "卫星"),
    ("绿泡泡见", "wechat", "block", "绿泡泡"),
    ("加v详聊", "wechat", "block", "加v"),
    ("加微了解", "wechat", "block", "加微"),
    ("微 信", "wechat", "block", "微 信"),
    ("微\u200b信", "wechat", "block", "微\u200b信"),
    ("微.信", "wechat", "block", "微.信"),
    ("V 信", "wechat", "block", "V 信"),
    ("vx: amy_123", "wechat_id", "block", "vx: amy_123"),
    ("微信號 Amy-2024", "wechat_id", "block", "微信號 Amy-2024"),
    ("v:amy_123", "wechat_id", "block", "v:amy_123"),
    ("微信搜 yoyo_1990", "wechat_id", "block", "微信搜 yoyo_1990"),
    ("我微信是 xz_chenchen", "wechat_id", "block", "微信是 xz_chenchen"),
    ("搜 wxid_abc123", "wechat_id", "block", "wxid_abc123"),
    ("有需要加我", "add_me", "warn", "加我"),
    ("加好友领资料", "add_me", "warn", "加好友"),
    ("私聊", "private_chat", "warn", "私聊"),
    ("感兴趣私我哦", "private_chat", "warn", "私我"),
    ("私聊发你电话", "private_contact", "block", "私聊发你电话"),
    ("qq私我", "private_contact", "block", "qq私我"),
    ("电话沟通更快", "phone_word", "warn", "电话"),
    ("打電話給我們", "phone_word", "warn", "電話"),
    ("留个联系方式", "phone_word", "warn", "联系方式"),
    ("电话13912345678", "phone_contact", "block", "电话13912345678"),
    ("手机号：139-1234-5678", "phone_contact", "block", "手机号：139-1234-5678"),
    ("電話：１３９ １２３４ ５６７８", "phone_contact", "block", "電話：１３９ １２３４ ５６７８"),
    ("13912345678", "phone_number", "block", "13912345678"),
    ("找我 +86 139 1234 5678", "phone_number", "block", "+86 139 1234 5678"),
    ("座位 010-12345678", "phone_number", "block", "010-12345678"),
    ("400-800-1234", "phone_number", "block", "400-800-1234"),
    ("8613912345678", "phone_number", "block", "8613912345678"),
    ("幺三九一二三四五六七八", "phone_number", "block", "幺三九一二三四五六七八"),
    ("群号123456789", "qq_number", "block", "123456789"),
    ("来 8888888 找我", "qq_number", "block", "8888888"),
    ("QQ联系", "qq", "block", "QQ"),
    ("扣扣", "qq", "block", "扣扣"),
    ("企鹅号", "qq", "block", "企鹅号"),
    ("qq 1234 5678", "qq", "block", "qq 1234 5678"),
    ("企鹅", "qq_slang", "warn", "企鹅"),
    ("扫码领取", "qr_code", "block", "扫码"),
    ("二維碼在圖里", "qr_code", "block", "二維碼"),
    ("淘宝搜同名", "platform", "block", "淘宝"),
    ("京东下单", "platform", "block", "京东"),
    ("抖音同名", "platform", "block", "抖音"),
    ("閒魚有貨", "platform", "block", "閒魚"),
    ("拼多多", "platform", "block", "拼多多"),
    ("看 https://t.cn/abc", "link", "block", "https://t.cn/abc"),
    ("www.abc.com/x", "link", "block", "www.abc.com/x"),
    ("t.cn/xyz 领", "link", "block", "t.cn/xyz"),
    ("ＡＢＣ．ＣＯＭ", "link", "block", "ＡＢＣ．ＣＯＭ"),
    ("http://xhslink.com/abc", "link_xhs", "warn", "http://xhslink.com/abc"),
    ("amy@qq.com", "email", "block", "amy@qq.com"),
    ("详情看主页", "homepage", "warn", "看主页"),
    ("主页见", "homepage", "warn", "主页见"),
    ("主页有惊喜", "homepage_bait", "block", "主页有惊喜"),
]

DM_FLAGS = [
    ("看 https://t.cn/abc", "link", "block", "https://t.cn/abc"),
    ("www.abc.com", "link", "block", "www.abc.com"),
    ("二维码发你", "qr_code", "warn", "二维码"),
    ("淘宝搜同名", "platform", "warn", "淘宝"),
    ("抖音也有", "platform", "warn", "抖音"),
]

COMMENT_CLEAN = [
    "微笑",
    "电话会议",
    "參加我們的年會",
    "增加我们的预算",
    "50人，人均300，2天1夜，10月出发",
    "预算50000元",
    "人均 30000",
    "12345人",
    "100000元以内",
    "3.14159",
    "北京东站集合",
    "南京东路",
    "京东方",
    "快手菜",
    "加vip会员",
    "vxyz",
    "手机拍照",
    "发票扫描件",
    "私信我们",
    "戳私信领方案",
    "戳我主页",
    "🛰️📞🐧📷",
    "2024年10月",
    "时间 14:00-18:00",
    "99%好评",
    "12345678901234",
    "海洋馆看海豚",
    "今天 猫咖团建",
    "北京 东城区",
    "北京·东四",
    "稍微 博物馆",
]

DM_CLEAN = [
    "加我微信 13912345678",
    "vx: amy_123",
    "电话13912345678",
    "QQ 12345678",
    "amy@qq.com",
    "https://xhslink.com/abc",
    "主页有惊喜",
    "私聊发你电话",
    "微笑",
]


@pytest.mark.parametrize(("text", "rule", "severity", "flagged"), COMMENT_FLAGS)
def test_comment_flags(rules, text, rule, severity, flagged):
    assert (rule, severity, flagged) in hits(text, "comment", rules)


@pytest.mark.parametrize(("text", "rule", "severity", "flagged"), DM_FLAGS)
def test_dm_flags(rules, text, rule, severity, flagged):
    assert (rule, severity, flagged) in hits(text, "dm", rules)


@pytest.mark.parametrize("text", COMMENT_CLEAN)
def test_comment_does_not_flag_ordinary_prose(rules, text):
    assert hits(text, "comment", rules) == []


@pytest.mark.parametrize("text", DM_CLEAN + COMMENT_CLEAN)
def test_dm_is_looser(rules, text):
    assert hits(text, "dm", rules) == []


def test_every_bundled_group_has_a_flag_case(rules):
    groups = {r.id for channel in rules.rules.values() for r in channel}
    assert groups == {rule for _, rule, _, _ in COMMENT_FLAGS + DM_FLAGS}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("您好！加ＶＸ：Amy_123哦", [(3, 14, "加ＶＸ：Amy_123")]),
        ("請打電話１３９１２３４５６７８", [(2, 15, "電話１３９１２３４５６７８")]),
        ("50㎡场地，二維碼", [(6, 9, "二維碼")]),  # ㎡ folds to two characters
        ("微\u200b信和淘寶", [(0, 3, "微\u200b信"), (4, 6, "淘寶")]),
    ],
)
def test_positions_point_into_the_original_text(rules, text, expected):
    found = check(text, "comment", rules)
    assert [(v.start, v.end, v.text) for v in found] == expected
    assert all(text[v.start : v.end] == v.text for v in found)


@pytest.mark.parametrize(
    ("text", "rule", "severity", "span"),
    [
        ("看主页有惊喜", "homepage_bait", "block", (0, 6)),  # warn 看主页 + block 主页有惊喜
        ("电话13912345678", "phone_contact", "block", (0, 13)),  # word + number + phone
        ("企鹅号", "qq", "block", (0, 3)),  # block wins over the warn 企鹅
        ("私聊加vx", "private_contact", "block", (0, 5)),  # longest block wins
    ],
)
def test_overlapping_hits_merge_into_one(rules, text, rule, severity, span):
    (hit,) = check(text, "comment", rules)
    assert (hit.rule, hit.severity, (hit.start, hit.end)) == (rule, severity, span)


def test_hits_are_sorted_by_start(rules):
    found = check("淘宝 加微信 13912345678 https://t.cn/x", "comment", rules)
    assert [v.start for v in found] == sorted(v.start for v in found)
    assert [v.rule for v in found] == ["platform", "wechat", "phone_number", "link"]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("加微信领方案", "🛰️领方案"),
        ("方案发你，电话13912345678", "方案发你，📞"),
        ("私聊领方案", "戳私信领方案"),
        ("主页有惊喜", "戳我主页"),
        ("看 https://t.cn/abc 哦", "看  哦"),
        ("QQ群123456789", "🐧"),
        ("微https://t.cn/x信", "🛰️"),  # removing the link joins 微信: a second round
    ],
)
def test_make_safe_rewrites(rules, text, safe):
    assert make_safe(text, "comment", rules)[0] == safe


PROPERTY_INPUTS = [
    "加微信领方案合集",
    "ＶＸ：Amy_123，備註小紅書",
    "电话13912345678，随时打给我",
    "手机号 139-1234-5678 微信同号",
    "私聊发你电话和报价单",
    "QQ 1234 5678 或者扣扣群 87654321",
    "企鹅号 123456，企鹅馆也能安排",
    "扫码领取团建方案，二维码在评论区",
    "淘宝、天猫、京东、拼多多、闲鱼、抖音、快手都有店",
    "链接 https://t.cn/A6abc 或者 www.example.com/x 或者 example.cn",
    "看主页有惊喜，主页见，去主页看看",
    "vx amy_123 wx bob-456 v:carol_789 wxid_abcd1234",
    "邮箱 amy@qq.com，电话 010-12345678",
    "400-800-1234 热线，幺三九一二三四五六七八",
    "微 信、V 信、薇\u200b信、威信、绿泡泡、卫星",
    "加v 加微 加我 加好友 私我 私聊",
    "電話：１３９ １２３４ ５６７８",
    "ＱＱ：１２３４５６７８",
    "加我vx13912345678看主页有惊喜",
    "人均300，50人，2天1夜，预算50000元，群号 1234567",
    "联系方式：13912345678 / vx: team_bj01",
    "主页有福利，简介有惊喜，抖音同名",
    "https://xhslink.com/abc 也可以看",
    "http://a.com/b?c=1&d=2 微信",
    "私信我们，或者电话沟通",
    "在北京东站集合，快手菜午餐，电话会议确认",
    "qq私我 13912345678 加我",
]


# Removing a hit joins its neighbours into a new one: only make_safe's second round fixes it.
JOINING_INPUTS = ["微https://t.cn/x信", "微13912345678信", "私amy@qq.com聊", "q群号88888q"]


def blocks(text, channel, rules):
    return [v for v in check(text, channel, rules) if v.severity == "block"]


@pytest.mark.parametrize("channel", ["comment", "dm"])
@pytest.mark.parametrize("text", PROPERTY_INPUTS)
def test_one_rewrite_leaves_no_block_hit(rules, text, channel):
    assert blocks(rewrite(text, check(text, channel, rules)), channel, rules) == []


@pytest.mark.parametrize("channel", ["comment", "dm"])
@pytest.mark.parametrize("text", PROPERTY_INPUTS + JOINING_INPUTS)
def test_make_safe_leaves_no_block_hit(rules, text, channel):
    safe, found = make_safe(text, channel, rules)
    assert blocks(safe, channel, rules) == []
    assert found == check(text, channel, rules)  # hits of the original, for highlighting


def test_rewrite_skips_overlapping_violations():
    first = Violation("a", "abc", 0, 3, "block", "X")
    second = Violation("b", "bcd", 1, 4, "block", "Y")
    assert rewrite("abcde", [first, second]) == "aYe"


def test_unknown_channel_is_an_error(rules):
    with pytest.raises(ValueError, match="channel"):
        check("微信", "email", rules)  # type: ignore[arg-type]


def test_bundled_file_loads():
    loaded = load_rules()
    assert loaded.source == str(DEFAULT_PATH)
    assert loaded.rules["comment"] and loaded.rules["dm"]
    groups = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))["group"]
    assert len(loaded.rules["comment"]) == sum("comment" in g for g in groups)


GOOD = 'id = "demo"\ncomment = "block"\nwords = ["vx"]\nreplacement = "🛰️"\n'


@pytest.mark.parametrize(
    ("group", "named"),
    [
        ('comment = "block"\nwords = ["vx"]\nreplacement = ""', ["#1", "'id'"]),
        (GOOD.replace('comment = "block"', 'comment = "hide"'), ["demo", "'comment'"]),
        (GOOD.replace('comment = "block"', 'dm = "blocked"'), ["demo", "'dm'"]),
        (GOOD + "patterns = ['(']", ["demo", "'patterns[0]'", "does not compile"]),
        (GOOD + "patterns = ['a*']", ["demo", "'patterns[0]'", "empty string"]),
        (GOOD + "unless = ['[']", ["demo", "'unless[0]'"]),
        (GOOD.replace('replacement = "🛰️"', ""), ["demo", "'replacement'"]),
        (GOOD.replace('"🛰️"', '"ＶＸ号"'), ["demo", "'replacement'", "blocked"]),
        (GOOD + 'commnet = "warn"', ["demo", "'commnet'"]),
        (GOOD.replace('["vx"]', '"vx"'), ["demo", "'words'"]),
        (GOOD.replace('words = ["vx"]', "words = []"), ["demo", "'words'"]),
    ],
)
def test_bad_group_names_file_group_and_field(tmp_path, group, named):
    path = tmp_path / "rules.toml"
    path.write_text(f"[[group]]\n{group}\n", encoding="utf-8")
    with pytest.raises(SafetyRulesError) as error:
        load_rules(path)
    assert str(path) in str(error.value)
    for part in named:
        assert part in str(error.value)


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (None, "cannot read"),
        ("[[group]\n", "not valid TOML"),
        ("title = 'no groups'\n", "'group'"),
        (f"[[group]]\n{GOOD}\n[[group]]\n{GOOD}", "'id'"),
    ],
)
def test_bad_file_is_reported(tmp_path: Path, content, named):
    path = tmp_path / "rules.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SafetyRulesError, match=named) as error:
        load_rules(path)
    assert str(path) in str(error.value)


def test_custom_file_is_used(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(f"[[group]]\n{GOOD}unless = ['vxx']\n", encoding="utf-8")
    custom = load_rules(path)
    assert hits("加ＶＸ", "comment", custom) == [("demo", "block", "ＶＸ")]
    assert hits("加ＶＸ", "dm", custom) == []
