"""The printable sign-in sheet (danh sách ký tên): the paper fallback of the roll call."""

import re
from datetime import date

import pytest
from django.urls import reverse

from dangbo.members import services as members
from dangbo.testing import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def exempt(commune):
    member = make_member(commune.na_don, "Vi Văn Khẻ")
    members.start_exemption(member, actor=None, on=date(2020, 1, 1), reason="Tuổi cao")
    return member


def rows(page: str) -> list[list[str]]:
    body = page.split('data-testid="signin-sheet"', 1)[1].split("</table>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


def test_the_sheet_lists_the_roster_to_sign_and_marks_the_exempt(login, commune, meeting, exempt):
    response = login(commune.secretary_na_don).get(
        reverse("meetings:signin_sheet", args=[meeting.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    table = rows(page)
    assert table[0] == ["STT", "Họ và tên", "Ký tên"]
    names = [row[1] for row in table[1:]]
    # in the roster's order: by given name, the Vietnamese way
    assert names == ["Lò Văn Ánh", "Lường Văn Khằm", "Vi Văn Khẻ", "Tòng Thị Xuân"]
    assert [row[0] for row in table[1:]] == ["1", "2", "3", "4"]
    marks = {row[1]: row[2] for row in table[1:]}
    assert marks["Vi Văn Khẻ"] == "miễn sinh hoạt"
    assert marks["Lò Văn Ánh"] == ""  # a blank box to sign in
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page and "CHI BỘ BẢN NÀ ĐON" in page
    assert "ĐẢNG BỘ XÃ THỬ" in page and "Sinh hoạt chi bộ thường kỳ tháng" in page
    assert "Tổng số đảng viên: 4; phải dự sinh hoạt: 3." in page


def test_the_sheet_is_a_standalone_printable_page(login, commune, meeting):
    page = (
        login(commune.secretary_na_don)
        .get(reverse("meetings:signin_sheet", args=[meeting.pk]))
        .content.decode()
    )
    assert page.lstrip().startswith("<!doctype html>")
    assert "<script" not in page and "navbar" not in page  # not the site's layout
    assert "@media print" in page and "size: A4" in page


def test_a_plain_member_may_not_print_the_sheet(login, commune, meeting):
    response = login(commune.member_user).get(reverse("meetings:signin_sheet", args=[meeting.pk]))
    assert response.status_code == 403


def test_another_cell_gets_404(login, commune, meeting):
    response = login(commune.secretary_na_bo).get(
        reverse("meetings:signin_sheet", args=[meeting.pk])
    )
    assert response.status_code == 404
