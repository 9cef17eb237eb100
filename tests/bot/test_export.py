"""The lead export in-process: row building on SQLite and PostgreSQL, writers, safety."""

from __future__ import annotations

import csv
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot import export
from bot.config import Config
from bot.desk import Actor, Desk, leads
from bot.errors import PermissionDenied
from bot.runtime import build_engine
from bot.texts import error_text
from replies.engine import Engine
from storage.records import LeadRecord
from tests.bot.desk_fixtures import with_role

ADMIN = Actor("terminal:ann", "Ann")
LEAD = Actor("tg:2", "Li")
OPERATOR = Actor("tg:3", "Bo")
Clock = list[datetime]


@pytest.fixture(scope="module")
def reply_engine() -> Engine:
    """The reply engine is only built once: the export never uses it."""
    return build_engine(Config())


@pytest.fixture
def clock() -> Clock:
    """A settable UTC clock: 2025-06-01 17:30 UTC is 2025-06-02 01:30 in Shanghai."""
    return [datetime(2025, 6, 1, 17, 30, tzinfo=UTC)]


@pytest.fixture
def desk(reply_engine: Engine, sessions: sessionmaker[Session], clock: Clock) -> Desk:
    """A Desk on the parametrised database (SQLite file, PostgreSQL) with a fixed clock."""
    desk = Desk(Config(), reply_engine, sessions, clock=lambda: clock[0])
    for actor, role in ((ADMIN, "admin"), (LEAD, "lead"), (OPERATOR, "operator")):
        with_role(desk, actor, role)
    return desk


def log(desk: Desk, account: str = "TJ", **fields: object) -> str:
    return leads.log(desk, actor=ADMIN, account=account, fields=fields).lead.clue_number


def test_headers_put_the_playbook_columns_first() -> None:
    playbook = ["日期", "账号", "小红书昵称", "客户需求", "城市", "微信号", "线索编号", "备注"]
    rest = ["手机", "人数", "人均预算", "总预算", "月份", "来源", "状态", "成交金额", "登记时间"]
    assert export.headers("zh") == [*playbook, *rest, "话术"]
    assert export.headers("en")[:3] == ["Date", "Account", "RED nickname"]


def test_rows_carry_typed_values_in_local_time(desk: Desk) -> None:
    clue = leads.log(
        desk, actor=ADMIN, account="TJ", source="comment", notes="=HYPERLINK()",
        script_id="price.1",
        fields={"red_nickname": "=1+1", "need": "年会", "city": "北京", "wechat": "@wx",
                "phone": "13812345678", "headcount": 50, "budget_per_head": 800, "month": 12},
    ).lead.clue_number  # fmt: skip
    leads.set_status(desk, clue, "won", actor=ADMIN, deal_value=40_000)
    listed = leads.listing(desk, actor=ADMIN)
    rows = export.build_rows(listed, locale="zh", tz=desk.config.tz)
    assert rows == [[
        date(2025, 6, 2), "TJ", "'=1+1", "年会", "北京", "'@wx", "TJ-20250602-001",
        "'=HYPERLINK()", "13812345678", 50, 800, None, 12, "评论区", "已成交", 40_000,
        datetime(2025, 6, 2, 1, 30), "price.1",
    ]]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"), ("+8613812345678", "'+8613812345678"), ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
        ("小王", "小王"), ("a=b", "a=b"), ("", ""), ("'=1", "'=1"),
        ("\x01=1+1", "'=1+1"), ("\x00\x1f+1", "'+1"), ("\x07小王", "小王"),
        ("＝1+1", "'＝1+1"), ("＋86", "'＋86"), ("－5", "'－5"), ("＠SUM(A1)", "'＠SUM(A1)"),
    ],
)  # fmt: skip
def test_neutralise(text: str, expected: str) -> None:
    assert export.neutralise(text) == expected


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))


def test_export_filters_by_day_and_account(
    desk: Desk, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(3):  # local days 06-02, 06-03, 06-04; one TJ and one MZ lead each
        log(desk, red_nickname=f"tj{day}")
        log(desk, "MZ", red_nickname=f"mz{day}")
        clock[0] += timedelta(days=1)

    def nicknames(**kwargs: object) -> list[str]:
        result = export.export_leads(desk, ADMIN, output=tmp_path / "x.csv", **kwargs)
        rows = read_csv(result.path)[1:]
        assert result.rows == len(rows)
        return [row[2] for row in rows]

    assert nicknames() == ["tj0", "mz0", "tj1", "mz1", "tj2", "mz2"]
    assert nicknames(day_from=date(2025, 6, 3)) == ["tj1", "mz1", "tj2", "mz2"]
    assert nicknames(day_to=date(2025, 6, 3), account="MZ") == ["mz0", "mz1"]
    assert nicknames(day_from=date(2025, 6, 3), day_to=date(2025, 6, 3)) == ["tj1", "mz1"]
    assert nicknames(day_from=date(2025, 7, 1)) == []
    monkeypatch.chdir(tmp_path)
    default = export.export_leads(desk, LEAD, day_from=date(2025, 6, 3), account="TJ")
    assert default.path == tmp_path / "leads-20250603-20250605.xlsx" and default.rows == 2
    assert export.export_leads(desk, LEAD).path.name == "leads-20250602-20250605.xlsx"


def test_export_is_a_leads_privilege(desk: Desk, tmp_path: Path) -> None:
    log(desk, red_nickname="x")
    with pytest.raises(PermissionDenied) as refused:
        export.export_leads(desk, OPERATOR, output=tmp_path / "x.xlsx")
    assert "没有权限" in error_text("zh", refused.value)
    assert not (tmp_path / "x.xlsx").exists()


def test_a_failed_export_keeps_the_old_file(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log(desk, red_nickname="x")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "leads.csv"
    target.write_text("yesterday's export", encoding="utf-8")

    def half_then_crash(path: Path, header: object, rows: object) -> None:
        path.write_text("日期,账号\n2025-", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(export.WRITERS, "csv", half_then_crash)
    with pytest.raises(export.ExportError) as failed:
        export.export_leads(desk, ADMIN, output=target)
    assert error_text("zh", failed.value).endswith("leads.csv：磁盘空间不足")
    assert target.read_text(encoding="utf-8") == "yesterday's export"
    assert list(target.parent.iterdir()) == [target]


def test_a_control_character_does_not_hide_a_formula_in_either_file(tmp_path: Path) -> None:
    rows = export.build_rows([_lead("\x01=1+1", '\x02＝HYPERLINK("x")')], locale="zh", tz=UTC)
    export.write_xlsx(tmp_path / "x.xlsx", export.headers("zh"), rows)
    export.write_csv(tmp_path / "x.csv", export.headers("zh"), rows)
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("'=1+1", "s")
    assert (sheet["D2"].value, sheet["D2"].data_type) == ('\'＝HYPERLINK("x")', "s")
    assert read_csv(tmp_path / "x.csv")[1][2:4] == ["'=1+1", '\'＝HYPERLINK("x")']
    assert "<f>" not in _sheet_xml(tmp_path / "x.xlsx")


def _lead(nickname: str, need: str) -> LeadRecord:
    now = datetime(2025, 6, 1, tzinfo=UTC)
    return LeadRecord(
        id=1, clue_number="TJ-20250601-001", account_id=1, account_code="TJ",
        local_day=date(2025, 6, 1), seq=1, created_at=now, red_nickname=nickname, need=need,
        city=None, wechat=None, phone=None, headcount=None, budget_per_head=None,
        budget_total=None, month=None, source="dm", status="new", deal_value=None, notes="",
        operator_id=None, inquiry_id=None, script_id=None,
    )  # fmt: skip


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return book.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_xlsx_drops_control_characters_and_caps_huge_cells(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    export.write_xlsx(path, ["a", "b", "c"], [["bell\x07", "x" * 40_000, 5]])
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A2"].value == "bell" and len(sheet["B2"].value) == export.XLSX_CELL_LIMIT
    assert sheet["C2"].value == 5 and sheet.column_dimensions["B"].width == export.WIDTH_CAP


@pytest.mark.parametrize(
    ("texts", "width"),
    [([""], 8), (["abcdefghij"], 12), (["北京朝阳区团建"], 16), (["ab\n北京北京北京"], 14),
     (["x" * 500], 50), (["日期", "2025-06-02"], 12)],
)  # fmt: skip
def test_column_width_counts_wide_characters_double(texts: list[str], width: int) -> None:
    assert export.column_width(texts) == width


@pytest.mark.parametrize(
    ("fmt", "output", "expected"),
    [(None, None, "xlsx"), ("csv", None, "csv"), (None, "a.CSV", "csv"), (None, "a", "xlsx"),
     ("xlsx", "a.csv", "xlsx"), (None, "a.xlsx", "xlsx")],
)  # fmt: skip
def test_choose_format(fmt: str | None, output: str | None, expected: str) -> None:
    assert export.choose_format(fmt, Path(output) if output else None, "zh") == expected


@pytest.mark.parametrize(("fmt", "output"), [(None, "a.txt"), ("ods", None)])
def test_choose_format_refuses_unknown(fmt: str | None, output: str | None) -> None:
    with pytest.raises(export.ExportError) as refused:
        export.choose_format(fmt, Path(output) if output else None, "zh")
    assert "xlsx 或 csv" in error_text("zh", refused.value)
