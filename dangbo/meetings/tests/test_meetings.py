"""Meetings: planning a year, the record, minutes and approval, documents, the overview."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dangbo.core.errors import DomainError
from dangbo.meetings import services
from dangbo.meetings.choices import MeetingKind, MeetingStatus
from dangbo.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_plan_year_puts_a_regular_meeting_each_month_and_a_thematic_each_quarter(commune, settings):
    year = timezone.localdate().year + 1
    created = services.plan_year(commune.na_don, actor=None, year=year)
    regular = [m for m in created if m.kind == MeetingKind.REGULAR]
    thematic = [m for m in created if m.kind == MeetingKind.THEMATIC]
    assert len(regular) == 12 and len(thematic) == 4
    assert {timezone.localtime(m.scheduled_at).day for m in regular} == {3}
    assert timezone.localtime(regular[0].scheduled_at).strftime("%H:%M") == "19:30"
    again = services.plan_year(commune.na_don, actor=None, year=year)
    assert again == []  # months already planned are left alone


def test_a_cell_with_its_own_day_and_a_committee(commune):
    commune.na_bo.meeting_day = 10
    commune.na_bo.save()
    year = timezone.localdate().year + 1
    created = services.plan_year(commune.na_bo, actor=None, year=year)
    assert {
        timezone.localtime(m.scheduled_at).day for m in created if m.kind == MeetingKind.REGULAR
    } == {10}
    committee = services.plan_year(commune.committee, actor=None, year=year)
    assert {m.kind for m in committee} == {MeetingKind.COMMITTEE} and len(committee) == 12


def test_a_short_meeting_is_recorded_with_a_warning(meeting, commune):
    start = meeting.scheduled_at
    result = services.record_held(
        meeting,
        actor=None,
        started_at=start,
        ended_at=start + timedelta(minutes=60),
        chair=commune.member_na_don.person,
    )
    assert result.meeting.status == MeetingStatus.HELD
    assert result.warnings and "60 phút" in result.warnings[0]
    ok = services.record_held(
        meeting, actor=None, started_at=start, ended_at=start + timedelta(minutes=95)
    )
    assert ok.warnings == []


def test_approval_locks_the_record_and_closes_the_roll_call(meeting, commune):
    from dangbo.meetings.selectors import roll_call_open

    with pytest.raises(DomainError, match="đã diễn ra"):
        services.approve(meeting, actor=None)
    start = meeting.scheduled_at
    services.record_held(
        meeting, actor=None, started_at=start, ended_at=start + timedelta(minutes=100)
    )
    with pytest.raises(DomainError, match="chưa có nội dung"):
        services.approve(meeting, actor=None)
    services.save_minutes(
        meeting,
        actor=None,
        minutes="Diễn biến",
        resolution="Nghị quyết",
        votes=[("Thông qua nghị quyết", 3, 0, 0)],
    )
    assert roll_call_open(meeting)
    services.approve(meeting, actor=commune.admin)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED and not roll_call_open(meeting)
    with pytest.raises(DomainError, match="không sửa được"):
        services.save_minutes(meeting, actor=None, minutes="Sửa", resolution="")
    with pytest.raises(DomainError, match="không sửa được"):
        services.cancel(meeting, actor=None, reason="x")


def test_cancel_needs_a_reason(meeting):
    with pytest.raises(DomainError, match="lý do"):
        services.cancel(meeting, actor=None, reason=" ")
    services.cancel(meeting, actor=None, reason="Mưa lũ, đường bị sạt")
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED


def test_committees_do_not_hold_cell_meetings(commune):
    with pytest.raises(DomainError, match="chi bộ"):
        services.schedule(
            commune.committee, actor=None, kind=MeetingKind.REGULAR, scheduled_at=timezone.now()
        )


def test_documents_sent_a_day_before_are_in_time(meeting):
    early = services.add_document(
        meeting, actor=None, title="Dự thảo", sent_at=meeting.scheduled_at - timedelta(days=2)
    )
    late = services.add_document(
        meeting, actor=None, title="Báo cáo", sent_at=meeting.scheduled_at - timedelta(hours=3)
    )
    assert early.sent_in_time is True and late.sent_in_time is False


def test_roster_lists_exempt_members_but_does_not_expect_them(meeting, commune):
    from dangbo.meetings.selectors import roster, summary
    from dangbo.members import services as members

    members.start_exemption(
        commune.plain_member, actor=None, on=date.today() - timedelta(days=40), reason="Tuổi cao"
    )
    entries = roster(meeting)
    assert len(entries) == 3 and sum(e.exempt for e in entries) == 1
    assert summary(meeting).expected == 2


def test_meeting_pages_for_a_secretary(client, meeting, commune):
    client.force_login(commune.secretary_na_don)
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Điểm danh" in body and "Lò Văn Ánh" in body
    response = client.post(
        reverse("meetings:rollcall", args=[meeting.pk]),
        {
            f"status-{commune.member_na_don.pk}": "present",
            f"spoke-{commune.member_na_don.pk}": "1",
            f"status-{commune.plain_member.pk}": "excused",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Có mặt <strong>1</strong>/3" in body


def test_overview_shows_held_late_and_missing(client, commune):
    from datetime import datetime, time

    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)

    def held(cell, day):
        when = timezone.make_aware(datetime.combine(last_month.replace(day=day), time(19, 30)))
        meeting = services.schedule(cell, actor=None, kind=MeetingKind.REGULAR, scheduled_at=when)
        services.record_held(
            meeting, actor=None, started_at=when, ended_at=when + timedelta(minutes=95)
        )

    held(commune.na_don, 3)  # the set day
    held(commune.police, 20)  # weeks late
    client.force_login(commune.admin)
    response = client.get(reverse("meetings:overview"), {"thang": last_month.strftime("%Y-%m")})
    rows = {r.organization.code: r.state for r in response.context["rows"]}
    assert (rows["XA-NADON"], rows["XA-CA"], rows["XA-NABO"]) == ("held", "late", "missing")
    assert response.context["counts"]["held"] >= 1


def test_a_member_opening_a_document_is_counted_once(client, meeting, commune):
    from django.core.files.base import ContentFile

    doc = services.add_document(
        meeting,
        actor=None,
        title="Dự thảo nghị quyết",
        file=ContentFile(b"noi dung", name="du-thao.txt"),
    )
    client.force_login(commune.member_user)
    for _ in range(2):
        response = client.get(reverse("meetings:document", args=[doc.pk]))
        assert response.status_code == 200
    client.force_login(commune.admin)
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "1 đảng viên đã mở" in body


def test_the_plain_form_sends_only_what_was_changed(client, meeting, commune):
    from dangbo.meetings.models import AttendanceRecord

    client.force_login(commune.secretary_na_don)
    url = reverse("meetings:rollcall", args=[meeting.pk])
    ánh, xuân = commune.member_na_don.pk, commune.plain_member.pk
    client.post(url, {f"status-{ánh}": "present", f"status-{xuân}": "excused"})
    assert AttendanceRecord.objects.count() == 2
    client.post(url, {f"status-{ánh}": "present", f"status-{xuân}": "present"})
    assert AttendanceRecord.objects.count() == 3  # only Xuân's change was sent


def test_the_home_page_leads_a_secretary_to_the_roll_call(client, meeting, commune):
    client.force_login(commune.secretary_na_don)
    body = client.get(reverse("home")).content.decode()
    assert reverse("meetings:rollcall", args=[meeting.pk]) in body
    client.force_login(commune.secretary_na_bo)
    body = client.get(reverse("home")).content.decode()
    assert reverse("meetings:rollcall", args=[meeting.pk]) not in body


def test_rescheduling_moves_the_planned_end_and_checks_the_day(meeting, commune):
    length = meeting.scheduled_end - meeting.scheduled_at
    later = meeting.scheduled_at + timedelta(days=2)
    services.update(meeting, actor=None, scheduled_at=later)
    meeting.refresh_from_db()
    assert meeting.scheduled_end - meeting.scheduled_at == length
    with pytest.raises(DomainError, match="không hoạt động"):
        services.update(meeting, actor=None, scheduled_at=later.replace(year=1999))


def test_a_meeting_ending_after_midnight_and_reasons_for_the_excused(client, meeting, commune):
    from dangbo.meetings.models import Attendance

    client.force_login(commune.secretary_na_don)
    day = timezone.localtime(meeting.scheduled_at).strftime("%d/%m/%Y")
    client.post(
        reverse("meetings:held", args=[meeting.pk]), {"day": day, "start": "21:30", "end": "00:15"}
    )
    meeting.refresh_from_db()
    assert meeting.duration_minutes == 165
    client.post(
        reverse("meetings:rollcall", args=[meeting.pk]),
        {f"status-{commune.plain_member.pk}": "excused"},
    )
    client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"minutes": "Diễn biến", f"reason-{commune.plain_member.pk}": "Ốm"},
    )
    assert Attendance.objects.get(member=commune.plain_member).reason == "Ốm"


def test_the_inspection_committee_may_read_the_overview(client, commune):
    from dangbo.core.choices import Role
    from dangbo.testing import make_user

    client.force_login(make_user("kiemtra", Role.INSPECTION, commune.root))
    assert client.get(reverse("meetings:overview")).status_code == 200
    client.force_login(commune.member_user)
    assert client.get(reverse("meetings:overview")).status_code == 403
