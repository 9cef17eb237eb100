"""Cue words behind the labelling rules, pooled into one feature each for the model.

Each cue stands for one rule of ../shared/eval/README.md and PRODUCT.md (asking for
*our* contact vs giving the customer's own, asking whether we serve their city, learning
the trade or free material, offering a service, picking up an earlier conversation,
where to go, what to do). Character n-grams see the words one by one; a cue lets a word
the training data saw rarely count like its common synonyms. The model learns each
cue's weight per category from the triggers and examples: nothing here decides a
category.
"""

from __future__ import annotations

import re
from collections import Counter

from replies import extract
from replies.normalize import PHONE_TOKEN, WECHAT_TOKEN, fold, for_matching

_MINE = frozenset({PHONE_TOKEN, WECHAT_TOKEN})

_CONTACT = (
    r"(?:微信|电话|手机|座机|邮箱|联系方式|客服|号码|二维码|名片|群"
    r"|(?<![a-z])(?:e-?mail|mail|line|whatsapp)(?![a-z]))"  # whole words: not "deadline"
)
_CUES = {
    "ours": re.compile(
        rf"(?:你们|您|贵司|你家|官方|商家|专柜|店铺|负责人|销售|经理|对接人)的?[^，。,.!?？！]{{0,4}}{_CONTACT}"
        rf"|(?:给|发|留|告诉|推|甩)(?:我|一下|下)?[^，。,.]{{0,3}}(?:你们?的?|个|一个){_CONTACT}"
        rf"|加(?:你|您)们?的?{_CONTACT}|{_CONTACT}(?:是|号)?多少|怎么联系(?:你|您)"
        r"|your (?:wechat|email|contact)"
    ),
    "learn": re.compile(
        r"想学|学一下|学习|课程|培训班|教程|模板|作业|论文|学生|搬运|转载|转发|同行|资源互换|互关|互粉"
        r"|求分享|求资料|免费(?:领|送|分享|要)|源文件|怎么写|怎么运营|涨粉"
    ),
    "offer": re.compile(
        r"出租|出售|低价|转让|招聘|招商|加盟|代理|代运营|接活|找活|承接|有需要的?(?:可以)?(?:联系|找|私|加)"
        r"|本人|我(?:们)?是做|我们做|合作|推广|广告|兼职"
    ),
    "earlier": re.compile(
        r"上次|之前|前几天|前段时间|还没定|没定|再考虑|考虑一下|商量|回头|改期|推迟|延期|汇报|等(?:老板|领导)"
        r"|领导(?:还)?没|预算(?:还)?没批|人数(?:还)?没|再说|先不|算了"
    ),
    "where": re.compile(
        r"场地|酒店|度假村|农家院|景区|营地|山庄|民宿|哪里|哪儿|去哪|什么地方|周边|郊区|古镇|水镇"
    ),
    "what": re.compile(
        r"项目|游戏|节目|玩法|玩什么|策划|主题|活动形式|能不能(?:搞|弄|做|玩|办)|可以(?:搞|弄|玩|办)|好玩"
    ),
    "serve": re.compile(
        r"接(?:不接|吗|单|活)|能(?:做|接|服务)|做不做|服务(?:吗|范围)|本地|分公司|执行团队|那边"
    ),
}


def cues(text: str) -> Counter[str]:
    """The cues a raw inquiry carries, plus whether it names a city or leaves a contact."""
    folded = fold(text)
    found: Counter[str] = Counter(name for name, pattern in _CUES.items() if pattern.search(folded))
    # The normalised text has the customer's phone or WeChat id as a placeholder.
    if not _MINE.isdisjoint(for_matching(text)):
        found["mine"] = 1
    if extract.city_in(folded):
        found["city"] = 1
        if "serve" in found:
            found["serve_city"] = 1
    return found
