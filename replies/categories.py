"""The ten category ids that every library has, with their display names."""

from types import MappingProxyType

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


def category_label(category: str, locale: str = "zh") -> str:
    """Human name of a category in the given locale; custom ids are shown as they are."""
    names = BUILTIN_CATEGORIES.get(category)
    if names is None:
        return category
    return names[1] if locale == "en" else names[0]
