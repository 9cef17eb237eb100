"""A bad [database] url is named in the user's language, never with its password."""

from __future__ import annotations

import pytest

from bot.texts import error_text
from storage.db import make_db
from storage.errors import StorageError


@pytest.mark.parametrize(
    ("url", "zh", "en"),
    [
        ("mysql://u:secret@h/db", "不支持数据库 mysql://u:***@h/db", "Unsupported database"),
        ("::secret::", "不是有效的数据库地址", "is not a database URL"),
    ],
)
def test_a_bad_url_is_explained_without_its_password(url: str, zh: str, en: str) -> None:
    with pytest.raises(StorageError) as refused:
        make_db(url)
    chinese, english = error_text("zh", refused.value), error_text("en", refused.value)
    assert zh in chinese and en in english
    assert "secret" not in chinese + english + str(refused.value)
