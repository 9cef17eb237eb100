"""Every user-facing sentence, one table per locale (zh default, en by config)."""

from __future__ import annotations

from types import MappingProxyType

ZH = MappingProxyType(
    {
        "category": "分类",
        "confidence": "匹配度",
        "not_sure": "不太确定，可能是：",
        "why": "依据",
        "matched_trigger": "命中话术示例「{trigger}」（{script}）",
        "shared_words": "共同词：{words}",
        "alternatives": "其他可能",
        "suggestions": "建议回复",
        "no_suggestions": "（这个分类没有可用话术）",
        "safe_version": "评论区安全版",
        "safety_hits": "引流风险",
        "fields": "提取信息",
        "no_fields": "（未提取到）",
        "field.city": "城市",
        "field.headcount": "人数",
        "field.budget_per_head": "人均预算",
        "field.budget_total": "总预算",
        "field.month": "月份",
        "field.phone": "手机",
        "field.wechat": "微信",
        "severity.block": "必改",
        "severity.warn": "注意",
        "error": "出错了：{message}",
        "repeat_warning": "⚠ 这句话今天在本账号已用过 {count} 次，平台可能判定重复营销",
    }
)

EN = MappingProxyType(
    {
        "category": "Category",
        "confidence": "score",
        "not_sure": "Not sure; it may be:",
        "why": "Why",
        "matched_trigger": 'matched example "{trigger}" ({script})',
        "shared_words": "shared words: {words}",
        "alternatives": "Alternatives",
        "suggestions": "Suggested replies",
        "no_suggestions": "(no script available for this category)",
        "safe_version": "Comment-safe version",
        "safety_hits": "Diversion risks",
        "fields": "Extracted fields",
        "no_fields": "(none found)",
        "field.city": "city",
        "field.headcount": "headcount",
        "field.budget_per_head": "budget per head",
        "field.budget_total": "total budget",
        "field.month": "month",
        "field.phone": "phone",
        "field.wechat": "WeChat",
        "severity.block": "must fix",
        "severity.warn": "careful",
        "error": "Error: {message}",
        "repeat_warning": "⚠ this sentence was already used {count} times today on this account",
    }
)

LOCALES = MappingProxyType({"zh": ZH, "en": EN})


def text(locale: str, key: str, **values: object) -> str:
    """The sentence for key in the locale (zh when unknown), with values filled in."""
    table = LOCALES.get(locale, ZH)
    return table.get(key, ZH[key]).format(**values)
