"""The import page: upload, every refusal shown, confirm, result; the export download."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.imports.models import ImportRun
from dangbo.members.models import Member

from .workbooks import MEMBERS, ORGS, member, workbook

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content: BytesIO, name="danh-sach.xlsx"):
    return client.post(
        reverse("imports:page"), {"file": SimpleUploadedFile(name, content.getvalue(), XLSX)}
    )


def tx_under(commune):
    """The test workbook's commune, hung under nothing: only a superuser may create it. For
    commune staff, put its cells under the existing commune XA instead."""
    orgs = [[*row[:4], "XA" if row[4] == "TX" else row[4], *row[5:]] for row in ORGS[1:]]
    return workbook(orgs=orgs, members=MEMBERS)


def test_upload_shows_every_refusal_and_writes_nothing(client, commune):
    client.force_login(commune.admin)
    before = Member.objects.count()
    bad = [
        member(**{"Họ tên": "Lò Văn Lạc", "Mã chi bộ": "TX.B99"}),
        member(**{"Họ tên": "Lò Văn Sai", "Ngày sinh": "31/02/1990"}),
    ]
    response = upload(client, workbook(orgs=[], members=bad))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:run", args=[run.pk])
    body = client.get(response.url).content.decode()
    assert "Tệp có 2 lỗi" in body and "TX.B99" in body and "31/02/1990" in body
    assert Member.objects.count() == before


def test_upload_check_confirm_and_result(client, commune):
    client.force_login(commune.admin)
    response = upload(client, tx_under(commune))
    run = ImportRun.objects.get()
    assert run.status == "valid", run.preview
    body = client.get(response.url).content.decode()
    assert "Xác nhận và nhập" in body
    assert Member.objects.count() == 5
    client.post(reverse("imports:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "done"
    assert run.result["sheets"]["Đảng viên"]["created"] == 8
    assert Member.objects.count() == 13
    body = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Đã nhập xong" in body


def test_a_staff_member_cannot_create_a_commune_nor_touch_another(client, commune):
    from dangbo.core.choices import Role
    from dangbo.testing import make_org, make_user

    other = make_org("XB", None, kind="commune_committee", category="other", name="Xã khác")
    make_org("XB-1", other, name="Chi bộ bản Xa Lạ")
    staff = make_user("xaydung", Role.PARTY_BUILDING, commune.root)
    client.force_login(staff)
    upload(client, workbook(members=[member(**{"Mã chi bộ": "XB-1", "Họ tên": "Lò Văn Khách"})]))
    run = ImportRun.objects.get()
    messages = [e["message"] for e in run.preview["errors"]]
    assert any("Chỉ quản trị hệ thống" in m for m in messages)
    assert any("XB-1" in m for m in messages)


def test_secretaries_cannot_import_but_export_their_cell(client, commune):
    client.force_login(commune.secretary_na_don)
    body = client.get(reverse("imports:page")).content.decode()
    assert "upload-form" not in body
    assert upload(client, workbook()).status_code == 403
    response = client.get(reverse("imports:export"), {"org": "XA-NADON"})
    assert response["Content-Type"] == XLSX
    ws = load_workbook(BytesIO(response.content))["Đảng viên"]
    names = {row[1] for row in ws.iter_rows(min_row=5, values_only=True)}
    assert names == {"Lò Văn Ánh", "Tòng Thị Xuân", "Lường Văn Khằm"}
    response = client.get(reverse("imports:export"), {"org": "XA"})
    assert response["Content-Type"].startswith("text/html")


def test_plain_members_cannot_export(client, commune):
    client.force_login(commune.member_user)
    body = client.get(reverse("imports:page")).content.decode()
    assert "Bạn không có quyền xuất danh sách" in body
    response = client.get(reverse("imports:export"), {"org": "XA-NADON"})
    assert response["Content-Type"].startswith("text/html")


def test_a_run_is_its_uploaders(client, commune):
    client.force_login(commune.admin)
    upload(client, workbook(orgs=[], members=[member(**{"Mã chi bộ": "NOPE"})]))
    run = ImportRun.objects.get()
    client.force_login(commune.secretary_na_don)
    assert client.get(reverse("imports:run", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[run.pk])).status_code == 404
