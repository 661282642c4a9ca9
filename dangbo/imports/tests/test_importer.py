"""The importer end to end: a messy workbook, a bad one, twice, corrected, and export → import."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.core.models import AuditEntry
from dangbo.imports.exporter import export_workbook
from dangbo.imports.importer import import_workbook
from dangbo.members.models import Member, MemberEvent, MembershipPeriod, MemberTransition, Person
from dangbo.organizations.models import Organization
from dangbo.reports.selectors import member_changes, member_stats

from .workbooks import MEMBER_HEADERS, MEMBERS, member, workbook

pytestmark = pytest.mark.django_db
D = date


def snapshot():
    """Everything an import may touch, to compare before and after."""
    return (
        list(Organization.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
        list(Member.objects.order_by("pk").values()),
        list(MemberEvent.objects.order_by("pk").values()),
        list(MembershipPeriod.objects.order_by("pk").values()),
        list(MemberTransition.objects.order_by("pk").values()),
        Person.history.count(),
        Member.history.count(),
        AuditEntry.objects.count(),
    )


def test_a_messy_workbook_is_read_figure_by_figure():
    result = import_workbook(workbook(), filename="ta-xin.xlsx")
    assert result.ok, [r.as_dict() for r in result.refusals]
    assert (result.organizations.created, result.members.created) == (5, 8)
    root = Organization.objects.get(code="TX")
    stats = member_stats(root, D(2026, 2, 1))
    # Present on 1/2/2026: all but Tẩn Láo Lở (left 15/01/2026) and Vàng A Chứ (died).
    assert stats["total"] == 6
    assert stats["female"] == 3
    assert stats["ethnic_minority"] == 5
    assert stats["ethnicity"] == {"kinh": 1, "thai": 1, "mong": 3, "giay": 1}
    assert stats["religious"] == 1
    assert stats["probationary"] == 1 and stats["official"] == 5
    assert stats["exempt"] == 1
    assert stats["retired"] == 1 and stats["working"] == 5
    # 9/12 → THCS, 12/12 → THPT, 7/10 → THCS, 12/12, Cấp III → THPT, 10/10 → THPT.
    assert stats["general_education"] == {
        "below_primary": 0,
        "primary": 0,
        "lower_secondary": 2,
        "upper_secondary": 4,
    }
    assert stats["professional"] == {
        "none": 1,
        "elementary": 1,
        "intermediate": 1,
        "college": 1,
        "university": 2,
        "master": 0,
        "doctor": 0,
    }
    assert stats["political_theory"] == {
        "none": 2,
        "elementary": 2,
        "intermediate": 2,
        "advanced": 0,
    }
    assert stats["age"]["over-60"] == 1 and sum(stats["age"].values()) == 6
    assert stats["organizations"]["cell"] == 3 and stats["organizations"]["base_cell"] == 1
    changes = member_changes(root, D(2025, 6, 30), D(2026, 2, 1))
    assert changes["total_from"] == 0 and changes["total_to"] == 6
    assert changes["admitted"] == 1 and changes["transferred_in"] == 7
    assert changes["transferred_out"] == 1 and changes["died"] == 1
    paó = Member.objects.get(card_number="79012345")
    assert paó.person.full_name == "Giàng Seo Páo"
    kinds = list(paó.events.values_list("kind", flat=True))
    assert kinds == ["transferred_in"]  # admitted elsewhere in 2001, arrived on 1/7/2025
    chu = Member.objects.get(card_number="79012377")
    assert chu.is_exempt and chu.events.get(kind="exemption_started").effective_on == D(2025, 8, 1)
    assert Member.objects.get(person__full_name="Sùng A Dền").events.get().kind == "admitted"


BAD = {
    "missing name": member(**{"Họ tên": "  "}),
    "missing birth date": member(**{"Họ tên": "Lò Văn Không Sinh", "Ngày sinh": None}),
    "impossible date": member(**{"Họ tên": "Lò Văn Ngày Sai", "Ngày sinh": "31/02/1990"}),
    "unknown organization": member(**{"Họ tên": "Lò Văn Lạc", "Mã chi bộ": "TX.B99"}),
    "unknown vocabulary": member(**{"Họ tên": "Lò Văn Lạ", "Dân tộc": "Người sao Hỏa"}),
    "official before admission": member(
        **{"Họ tên": "Lò Văn Sớm", "Ngày chính thức": "01/01/2014"}
    ),
    "departure before arrival": member(
        **{"Họ tên": "Lò Văn Đi Sớm", "Ngày đi": "01/01/2020", "Lý do đi": "Chuyển đi"}
    ),
    "duplicate card": member(**{"Họ tên": "Lò Văn Trùng Thẻ", "Số thẻ đảng viên": "79012345"}),
    "two rows for one person": member(
        **{"Họ tên": "Giàng Seo Páo", "Ngày sinh": "12/03/1975", "Số thẻ đảng viên": "79019999"}
    ),
}


def test_a_bad_workbook_is_refused_row_by_row_and_writes_nothing():
    import_workbook(workbook(members=MEMBERS[:1]))  # something already stored
    before = snapshot()
    result = import_workbook(workbook(members=[MEMBERS[0], *BAD.values()]), filename="sai.xlsx")
    assert not result.ok
    assert snapshot() == before
    errors = result.as_dict()["errors"]
    by_row = {}
    for error in errors:
        assert set(error) == {"sheet", "row", "column", "value", "message"}
        assert error["sheet"] == "Đảng viên"
        by_row.setdefault(error["row"], []).append(error)
    first = 6  # title rows, blank row, header, then the clean row 5
    expected_columns = {
        "missing name": "Họ và tên",
        "missing birth date": "Ngày sinh",
        "impossible date": "Ngày sinh",
        "unknown organization": "Mã chi bộ",
        "unknown vocabulary": "Dân tộc",
        "official before admission": "Ngày chính thức",
        "departure before arrival": "Ngày đi",
        "duplicate card": "Số thẻ đảng viên",
        "two rows for one person": "Họ và tên",
    }
    for offset, case in enumerate(BAD):
        row_errors = by_row.get(first + offset)
        assert row_errors, f"no refusal for {case}"
        assert expected_columns[case] in {e["column"] for e in row_errors}, (case, row_errors)
    assert len(by_row) == len(BAD)
    assert by_row[first + 2][0]["value"] == "31/02/1990"


def test_the_command_lists_refusals_as_json_and_exits_1(tmp_path, capsys):
    path = tmp_path / "sai.xlsx"
    path.write_bytes(workbook(members=[BAD["unknown organization"]]).getvalue())
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_workbook", str(path), "--format", "json")
    assert exit_info.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False
    assert out["errors"][0]["column"] == "Mã chi bộ" and out["errors"][0]["value"] == "TX.B99"


def test_the_same_workbook_twice_changes_nothing():
    assert import_workbook(workbook()).ok
    before = snapshot()
    again = import_workbook(workbook())
    assert again.ok
    assert (again.organizations.unchanged, again.members.unchanged) == (5, 8)
    assert again.members.created == again.members.updated == 0
    assert snapshot()[:-1] == before[:-1]  # only the import's own audit entry is new


def test_dry_run_reports_and_writes_nothing():
    before = snapshot()
    result = import_workbook(workbook(), dry_run=True)
    assert result.ok and result.members.created == 8
    assert snapshot() == before


def test_a_corrected_workbook_updates_what_changed_and_keeps_history():
    assert import_workbook(workbook()).ok
    rows = [list(r) for r in MEMBERS]
    rows[1][1] = "Vàng Thị Mỷ"  # unchanged name, but:
    rows[1][4] = "Dao"  # ethnicity corrected
    rows[3][10] = "16.10.2012"  # admission date corrected (Nguyễn Thị Thu Hương)
    rows[6][14], rows[6][15] = "01/03/2026", "Xóa tên"  # Lò Thị Ánh: a departure to record
    rows[4][11] = "11/08/2026" if date.today() >= D(2026, 8, 11) else None  # maybe official
    result = import_workbook(workbook(members=rows), filename="sua.xlsx")
    assert result.ok, [r.as_dict() for r in result.refusals]
    assert result.members.updated >= 3 and result.members.created == 0
    my = Member.objects.get(card_number="79012361")
    assert my.person.ethnicity == "dao"
    assert my.person.history.first().ethnicity == "dao"
    assert my.person.history.last().ethnicity == "mong"
    huong = Member.objects.get(card_number="79012390")
    assert huong.admitted_on == D(2012, 10, 16)
    void = huong.events.get(voided_at__isnull=False)
    assert void.void_reason == "Sửa theo tệp sua.xlsx"
    anh = Member.objects.get(card_number="79012401")
    assert anh.state == "removed" and anh.left_on == D(2026, 3, 1)
    # A blank cell never erases: the same workbook without the departure changes nothing.
    rows[6][14], rows[6][15] = None, None
    again = import_workbook(workbook(members=rows))
    assert Member.objects.get(card_number="79012401").state == "removed"
    assert again.members.updated == 0


def test_export_then_import_changes_nothing(commune):
    from dangbo.members import services
    from dangbo.testing import make_person

    c = commune
    services.move(c.plain_member, actor=None, to=c.na_bo, on=D(2024, 5, 1))
    services.start_exemption(c.member_na_don, actor=None, on=D(2024, 1, 1), reason="Ốm")
    services.transfer_out(c.member_na_bo, actor=None, on=D(2024, 7, 1), destination="x")
    services.receive_transfer(
        make_person("Hoàng Văn Đến"),
        actor=None,
        organization=c.police,
        on=D(2024, 9, 1),
        admitted_on=D(2010, 1, 1),
        official_on=D(2011, 1, 1),
        card_number="12.000777",
    )
    content = export_workbook(c.root, on=date.today(), left_since=D(2024, 1, 1))
    before = snapshot()
    result = import_workbook(BytesIO(content), filename="xuat.xlsx")
    assert result.ok, [r.as_dict() for r in result.refusals]
    assert result.members.unchanged == 6 and result.members.updated == 0
    assert result.organizations.updated == 0
    assert snapshot()[:-1] == before[:-1]


def test_queries_do_not_grow_with_new_rows():
    assert import_workbook(workbook(members=[])).ok  # the organizations first

    def queries(n, tag):
        rows = [
            member(**{"Họ tên": f"Người {tag} Số {i}", "Số thẻ đảng viên": f"{tag}{i:05d}"})
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as ctx:
            assert import_workbook(workbook(members=rows)).ok
        return len(ctx)

    # Bulk inserts: SQLite splits a large insert into a few statements, never one per row.
    assert queries(60, "8") - queries(10, "7") <= 4


def test_missing_required_header_is_one_clear_refusal():
    headers = [h for h in MEMBER_HEADERS if h != "Ngày sinh"]
    rows = [
        [v for h, v in zip(MEMBER_HEADERS[1:], r, strict=True) if h != "Ngày sinh"] for r in MEMBERS
    ]
    result = import_workbook(workbook(members=rows, member_headers=headers))
    assert not result.ok
    assert "Ngày sinh" in result.refusals[0].message


def test_not_an_excel_file():
    result = import_workbook(BytesIO(b"hello"), filename="thu.docx")
    assert not result.ok and "xlsx" in result.refusals[0].message


def test_reading_known_members_again_does_not_query_per_row():
    assert import_workbook(workbook(members=[])).ok

    def rows(n, tag):
        return [
            member(**{"Họ tên": f"Người {tag} Số {i}", "Số thẻ đảng viên": f"{tag}{i:05d}"})
            for i in range(n)
        ]

    def queries(n, tag):
        assert import_workbook(workbook(members=rows(n, tag))).ok
        with CaptureQueriesContext(connection) as ctx:
            result = import_workbook(workbook(members=rows(n, tag)))  # all known, unchanged
        assert result.members.unchanged == n
        return len(ctx)

    assert queries(60, "5") - queries(10, "6") <= 4
