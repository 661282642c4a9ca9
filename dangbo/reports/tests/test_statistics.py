"""Figures of member_stats and member_changes on a known commune, the page and the .xlsx."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.members import services
from dangbo.reports.selectors import member_changes, member_stats
from dangbo.testing import make_member, make_person

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture
def busy(commune):
    c = commune
    # 5 members from the commune fixture (admitted 2010, official 2011). Add some history:
    young = make_member(
        c.na_don,
        "Lò Thị Trẻ",
        on=D(2024, 5, 19),
        official=False,
        birth=D(2000, 1, 2),
        gender="female",
        ethnicity="thai",
    )
    old = make_member(
        c.police,
        "Nguyễn Văn Cao",
        on=D(2001, 1, 1),
        birth=D(1950, 6, 1),
        political_theory="advanced",
        general_education="primary",
        religion="Công giáo",
        work_status="retired",
    )
    services.start_exemption(old, actor=None, on=D(2020, 1, 1), reason="Tuổi cao, sức yếu")
    services.transfer_out(c.member_na_bo, actor=None, on=D(2024, 8, 1), destination="x")
    services.receive_transfer(
        make_person("Hoàng Văn Đến", D(1985, 2, 2)),
        actor=None,
        organization=c.committee_cell,
        on=D(2024, 9, 1),
        admitted_on=D(2010, 1, 1),
        official_on=D(2011, 1, 1),
    )
    services.move(c.plain_member, actor=None, to=c.na_bo, on=D(2024, 10, 1))
    return c, young, old


def test_member_stats_figure_by_figure(busy):
    c, young, old = busy
    stats = member_stats(c.root, D(2024, 12, 31))
    assert stats["total"] == 7
    assert stats["female"] == 2  # Tòng Thị Xuân, Lò Thị Trẻ
    assert stats["ethnic_minority"] == 2  # Xuân and Trẻ (Thái); Giàng A Bí (Mông) has left
    assert stats["religious"] == 1
    assert stats["probationary"] == 1 and stats["official"] == 6
    assert stats["exempt"] == 1
    assert stats["working"] == 6 and stats["retired"] == 1
    assert stats["age"]["18-30"] == 1 and stats["age"]["over-60"] == 1
    assert sum(stats["age"].values()) == 7
    assert stats["general_education"]["primary"] == 1
    assert sum(stats["general_education"].values()) == 7
    assert stats["political_theory"]["advanced"] == 1
    assert stats["organizations"] == {
        "base_committee": 1,
        "base_cell": 1,
        "sub_committee": 0,
        "cell": 2,
        "group": 0,
    }
    assert member_stats(c.na_don, D(2024, 12, 31))["total"] == 3


def test_member_changes_over_a_year(busy):
    c, *_ = busy
    ch = member_changes(c.root, D(2023, 12, 31), D(2024, 12, 31))
    assert (ch["total_from"], ch["total_to"]) == (6, 7)
    assert ch["admitted"] == 1 and ch["admitted_female"] == 1
    assert ch["admitted_ethnic_minority"] == 1 and ch["admitted_under_30"] == 1
    assert ch["transferred_in"] == 1 and ch["transferred_out"] == 1
    assert ch["moved_in"] == ch["moved_out"] == 0  # within the commune
    assert ch["total_to"] == ch["total_from"] + ch["arrivals"] - ch["departures"]
    cell = member_changes(c.na_don, D(2023, 12, 31), D(2024, 12, 31))
    assert cell["moved_out"] == 1 and cell["admitted"] == 1


def test_commands_print_json(busy, capsys):
    call_command("member_stats", org="xa", as_of="2024-12-31", format="json")
    assert json.loads(capsys.readouterr().out)["total"] == 7
    call_command(
        "member_changes",
        "--org",
        "XA",
        "--from",
        "2023-12-31",
        "--to",
        "2024-12-31",
        "--format",
        "json",
    )
    out = json.loads(capsys.readouterr().out)
    assert out["org"] == "XA" and out["total_to"] == 7


def test_statistics_page_and_its_excel_agree(client, busy):
    c, *_ = busy
    client.force_login(c.admin)
    params = {"org": "XA", "as_of": "31/12/2024", "start": "31/12/2023", "end": "31/12/2024"}
    body = client.get(reverse("reports:statistics"), params).content.decode()
    assert "Thống kê đảng viên" in body and "28,6%" in body  # 2 women of 7
    response = client.get(reverse("reports:statistics_xlsx"), params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    cells = {
        ws.cell(r, 1).value: (ws.cell(r, 2).value, ws.cell(r, 3).value)
        for r in range(1, ws.max_row + 1)
    }
    assert cells["Tổng số đảng viên"][0] == 7
    assert cells["Đảng viên nữ"][0] == 2
    assert abs(cells["Đảng viên nữ"][1] - 2 / 7) < 0.001
    assert cells["Tăng trong kỳ"][0] == 2


def test_a_secretary_gets_their_cell_and_nothing_else(client, busy):
    c, *_ = busy
    client.force_login(c.secretary_na_don)
    response = client.get(reverse("reports:statistics"))
    assert response.context["report"]["org"] == c.na_don
    response = client.get(reverse("reports:statistics"), {"org": "XA"})
    assert response.context["report"] is None
    assert "Không có tổ chức này trong phạm vi" in response.content.decode()
    response = client.get(reverse("reports:statistics_xlsx"), {"org": "XA-NABO"})
    assert response["Content-Type"].startswith("text/html")


def test_roles_without_personal_data_see_no_ethnicity_nor_religion(client, busy):
    from dangbo.core.choices import Role
    from dangbo.testing import make_user

    c, *_ = busy
    office = make_user("vanphong", Role.OFFICE, c.root)
    client.force_login(office)
    body = client.get(reverse("reports:statistics"), {"org": "XA"}).content.decode()
    assert "Tổng số đảng viên" in body
    assert "dân tộc thiểu số" not in body and "tôn giáo" not in body
    client.force_login(c.admin)
    body = client.get(reverse("reports:statistics"), {"org": "XA"}).content.decode()
    assert "Đảng viên dân tộc thiểu số" in body
