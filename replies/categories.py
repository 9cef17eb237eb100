"""The ten category ids that every library has, with their display names."""

from collections.abc import Mapping
from types import MappingProxyType

Labels = Mapping[str, tuple[str, str | None]]  # custom category -> (Chinese, English or None)

BUILTIN_CATEGORIES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "first_inquiry": ("首次咨询", "First inquiry"),
        "price": ("价格", "Price"),
        "reactivation": ("再激活", "Re-activation"),
        "contact_request": ("要联系方式", "Asks for our contact"),
        "contact_given": ("留资", "Contact given"),
        "destination": ("去哪儿/场地", "Destination / venue"),
        "activities": ("玩什么/项目", "Activities"),
        "case_study": ("案例", "Case study"),
        "logistics": ("细节", "Logistics"),
        "invalid": ("无效", "Not a lead"),
    }
)


def category_label(category: str, locale: str = "zh", custom: Labels | None = None) -> str:
    """Human name of a category in the given locale (a custom one's from ``custom``;
    an unlabelled id, or a custom one without an English label in English, as it is)."""
    names = BUILTIN_CATEGORIES.get(category) or (custom or {}).get(category)
    if names is None:
        return category
    return (names[1] or category) if locale == "en" else names[0]
