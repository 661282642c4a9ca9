"""The minutes (biên bản) in Word: the template, and a recorded meeting's names and counts."""

import uuid
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dangbo.meetings import minutes, services
from dangbo.meetings.services import SyncRecord
from dangbo.members import services as members
from dangbo.testing import make_member, make_person

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def texts(data) -> list[str]:
    """Every paragraph of a .docx, in the body and in table cells (nested tables too)."""
    document = Document(BytesIO(data) if isinstance(data, bytes) else data)
    found = [p.text for p in document.paragraphs]

    def walk(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    found.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(document.tables)
    return found


def rows(data) -> list[list[str]]:
    """Every table row of a .docx as its cells' texts."""
    document = Document(BytesIO(data))
    return [[cell.text.strip() for cell in row.cells] for t in document.tables for row in t.rows]


@pytest.fixture
def recorded(commune, meeting):
    """Nà Đon's meeting of yesterday, held and written up: 4 expected, 2 present (one spoke),
    1 excused with a reason, 1 absent, 1 exempt; an upper-level attendee; two votes."""
    c = commune
    c.secretary_person = c.secretary_na_don.person
    c.absentee = make_member(c.na_don, "Hà Thị Dung", gender="female")
    c.exempt = make_member(c.na_don, "Vi Văn Khẻ")
    members.start_exemption(c.exempt, actor=None, on=date(2020, 1, 1), reason="Tuổi cao")
    upper = make_person("Hoàng Văn Chính")
    services.update(
        meeting,
        actor=None,
        place="Nhà văn hóa bản Nà Đon",
        agenda="Đánh giá tháng\nPhương hướng tháng tới",
    )
    services.record_held(
        meeting,
        actor=None,
        started_at=meeting.scheduled_at,
        ended_at=meeting.scheduled_at + timedelta(minutes=100),
        chair=c.member_na_don.person,
        secretary=c.secretary_person,
        upper_attendee=upper,
    )
    now = timezone.now()
    marks = [
        (c.member_na_don, "present", True, ""),
        (c.secretary_na_don.person.member, "present", False, ""),
        (c.plain_member, "excused", False, "Đi viện tỉnh"),
        (c.absentee, "absent", False, ""),
    ]
    outcomes = services.sync(
        [
            SyncRecord(uuid.uuid4(), meeting.pk, m.pk, status, spoke, now, reason)
            for m, status, spoke, reason in marks
        ],
        user=c.admin,
    )
    assert {o["outcome"] for o in outcomes} == {"applied"}
    services.save_minutes(
        meeting,
        actor=None,
        minutes="Đồng chí Bí thư đánh giá tình hình tháng.\nKinh phí < 5 triệu & công lao động.",
        resolution="Tu sửa nhà văn hóa trước ngày 30.",
        votes=[("Thông qua nghị quyết tháng", 2, 0, 0), ("Mức đóng góp", 1, 1, 0)],
        speeches={c.member_na_don.pk: "Đề nghị tu sửa nhà văn hóa, làm trong tháng"},
    )
    meeting.refresh_from_db()
    return meeting


def test_the_template_is_a_word_file_with_its_tags():
    found = "\n".join(texts(str(minutes.TEMPLATE)))
    for tag in ("{{ org_name }}", "{%tr for e in excused %}", "{%p for line in minutes %}"):
        assert tag in found
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in found and "BIÊN BẢN" in found


def test_the_committed_template_matches_its_build_script(tmp_path):
    from dangbo.meetings.docx.build_template import build

    assert texts(str(build(tmp_path / "bien-ban.docx"))) == texts(str(minutes.TEMPLATE))


def test_the_minutes_carry_names_counts_speakers_votes_and_signatures(login, commune, recorded):
    response = login(commune.secretary_na_don).get(
        reverse("meetings:minutes_docx", args=[recorded.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    day = timezone.localtime(recorded.started_at).date()
    assert f'filename="bien-ban-XA-NADON-{day.isoformat()}.docx"' in response["Content-Disposition"]
    lines = texts(response.content)
    body = "\n".join(lines)
    assert "{{" not in body and "{%" not in body
    assert "ĐẢNG BỘ XÃ THỬ" in lines and "CHI BỘ BẢN NÀ ĐON" in lines
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines
    assert f"Sinh hoạt chi bộ thường kỳ tháng {day.month} năm {day.year}" in lines
    assert f"Xã Thử, {minutes.vn_date(day)}" in lines
    assert "Địa điểm: Nhà văn hóa bản Nà Đon" in body
    assert "Chủ trì: đồng chí Lò Văn Ánh; thư ký: đồng chí Lường Văn Khằm." in body
    assert "Tổng số đảng viên của chi bộ: 5 đồng chí; miễn sinh hoạt: 1; phải dự sinh hoạt: 4" in (
        body
    )
    assert "- Có mặt: 2/4 đồng chí (50,0%); vắng có lý do: 1; vắng không lý do: 1." in lines
    assert "- Vắng không lý do: Hà Thị Dung." in lines
    assert "- Miễn sinh hoạt: Vi Văn Khẻ." in lines
    assert "- Đồng chí cấp ủy cấp trên dự: Hoàng Văn Chính" in lines
    assert "(100 phút)" in body
    assert "- Đánh giá tháng" in lines and "- Phương hướng tháng tới" in lines
    assert "Kinh phí < 5 triệu & công lao động." in lines  # escaped in the XML, intact here
    assert "Tu sửa nhà văn hóa trước ngày 30." in lines
    table = rows(response.content)
    assert ["1", "Tòng Thị Xuân", "Đi viện tỉnh"] in table
    assert ["1", "Lò Văn Ánh", "Đề nghị tu sửa nhà văn hóa, làm trong tháng"] in table
    assert ["Thông qua nghị quyết tháng", "2", "0", "0"] in table
    assert ["Mức đóng góp", "1", "1", "0"] in table
    signatures = table[-1]
    assert signatures[0].startswith("THƯ KÝ") and signatures[0].endswith("Lường Văn Khằm")
    assert signatures[1].startswith("CHỦ TRÌ") and signatures[1].endswith("Lò Văn Ánh")


def test_a_meeting_not_yet_held_gives_a_form_to_fill_in(commune, meeting):
    lines = texts(minutes.render_minutes(meeting))
    body = "\n".join(lines)
    assert "{{" not in body and "{%" not in body
    assert "Sinh hoạt thường kỳ" not in lines  # its title only repeats the kind: no topic line
    assert "Chủ trì: đồng chí …………………; thư ký: đồng chí …………………." in body
    assert (
        "- Có mặt: 0/3 đồng chí (0,0%); vắng có lý do: 0; vắng không lý do: 0; chưa điểm danh: 3."
        in lines
    )
    table = rows(minutes.render_minutes(meeting))
    assert ["", "Không có", ""] in table and ["Không có nội dung biểu quyết", "", "", ""] in table


@pytest.mark.parametrize(
    ("kind", "phrase"),
    [("thematic", "Sinh hoạt chi bộ chuyên đề"), ("committee", "Họp chi ủy")],
)
def test_the_title_follows_the_kind(commune, kind, phrase):
    m = services.schedule(
        commune.na_don,
        actor=None,
        kind=kind,
        scheduled_at=timezone.now() + timedelta(days=3),
        title="Học tập tư tưởng Hồ Chí Minh" if kind == "thematic" else "",
    )
    lines = texts(minutes.render_minutes(m))
    assert any(line.startswith(f"{phrase} tháng ") for line in lines)
    if kind == "thematic":
        assert "Chuyên đề: Học tập tư tưởng Hồ Chí Minh" in lines


def test_a_plain_member_may_not_download_the_whole_roll_call(login, commune, recorded):
    response = login(commune.member_user).get(reverse("meetings:minutes_docx", args=[recorded.pk]))
    assert response.status_code == 403


def test_another_cell_cannot_download_the_minutes(login, commune, recorded):
    response = login(commune.secretary_na_bo).get(
        reverse("meetings:minutes_docx", args=[recorded.pk])
    )
    assert response.status_code == 404


def test_the_meeting_page_links_to_the_word_minutes_and_the_sheet(login, commune, meeting):
    page = login(commune.secretary_na_don).get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:minutes_docx", args=[meeting.pk]) in page
    assert reverse("meetings:signin_sheet", args=[meeting.pk]) in page
    assert "Biên bản (Word)" in page and "Danh sách ký tên" in page
