"""The private iCalendar feed of a user's meetings (RFC 5545) and the page that gives its URL."""

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dangbo.meetings import ical, services
from dangbo.meetings.choices import MeetingKind
from dangbo.meetings.models import CalendarToken

pytestmark = pytest.mark.django_db


def feed_url(token: str) -> str:
    return reverse("calendar_feed", kwargs={"token": token})


def token_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:calendar_link"))
    assert response.status_code == 200
    client.logout()
    return CalendarToken.objects.get(user=user).token


def unfold(body: str) -> list[str]:
    """The content lines of an iCalendar text (RFC 5545 §3.1)."""
    assert body.endswith("\r\n")
    return body.replace("\r\n ", "").split("\r\n")[:-1]


def events(lines: list[str]) -> list[dict[str, str]]:
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


def test_escape_and_fold_follow_rfc_5545():
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "Sinh hoạt chi bộ thường kỳ — Chi bộ bản Nà Đon, " * 4
    folded = ical.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(p.encode()) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded.replace("\r\n ", "") == line  # no character cut in two, nothing lost


def test_the_page_gives_a_private_address_and_keeps_it(login, commune):
    client = login(commune.secretary_na_don)
    page = client.get(reverse("meetings:calendar_link")).content.decode()
    token = CalendarToken.objects.get(user=commune.secretary_na_don).token
    assert len(token) >= 32
    assert f"http://testserver{feed_url(token)}" in page
    assert f"webcal://testserver{feed_url(token)}" in page
    assert "Tạo địa chỉ mới" in page and "iPhone" in page and "Android" in page
    client.get(reverse("meetings:calendar_link"))
    assert CalendarToken.objects.get(user=commune.secretary_na_don).token == token


def test_the_feed_lists_the_meetings_with_utc_times(client, commune, meeting):
    services.update(meeting, actor=None, place="Nhà văn hóa; bản Nà Đon, xã Thử")
    token = token_of(client, commune.secretary_na_don)
    response = client.get(feed_url(token))  # no login: calendar apps cannot log in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    (event,) = [e for e in events(lines) if e["UID"] == f"meeting-{meeting.pk}@dangbo"]
    start = meeting.scheduled_at.astimezone(UTC)
    assert event["DTSTART"] == start.strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"] == meeting.scheduled_end.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTSTAMP"].endswith("Z")
    assert event["SUMMARY"] == "Sinh hoạt chi bộ thường kỳ — Chi bộ bản Nà Đon"
    assert event["LOCATION"] == "Nhà văn hóa\\; bản Nà Đon\\, xã Thử"
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == f"http://testserver{meeting.get_absolute_url()}"


def test_cancelled_meetings_say_so_and_old_ones_are_left_out(client, commune, meeting):
    cancelled = services.schedule(
        commune.na_don,
        actor=None,
        kind=MeetingKind.THEMATIC,
        scheduled_at=timezone.now() + timedelta(days=5),
    )
    services.cancel(cancelled, actor=None, reason="Trùng lịch bầu cử")
    old = services.schedule(
        commune.na_don,
        actor=None,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.now() - timedelta(days=70),
    )
    token = token_of(client, commune.secretary_na_don)
    found = {e["UID"]: e for e in events(unfold(client.get(feed_url(token)).content.decode()))}
    assert found[f"meeting-{cancelled.pk}@dangbo"]["STATUS"] == "CANCELLED"
    assert found[f"meeting-{cancelled.pk}@dangbo"]["SUMMARY"].startswith(
        "Sinh hoạt chi bộ chuyên đề — "
    )
    assert f"meeting-{old.pk}@dangbo" not in found
    assert f"meeting-{meeting.pk}@dangbo" in found


def test_the_feed_keeps_to_the_token_owners_scope(client, commune, meeting):
    theirs = services.schedule(
        commune.na_bo,
        actor=None,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.now() + timedelta(days=2),
    )
    body = client.get(feed_url(token_of(client, commune.secretary_na_bo))).content.decode()
    uids = {e["UID"] for e in events(unfold(body))}
    assert uids == {f"meeting-{theirs.pk}@dangbo"}
    assert "Nà Đon" not in body
    admin_body = client.get(feed_url(token_of(client, commune.admin))).content.decode()
    assert {e["UID"] for e in events(unfold(admin_body))} == {
        f"meeting-{meeting.pk}@dangbo",
        f"meeting-{theirs.pk}@dangbo",
    }


def test_an_unknown_token_is_404(client, commune):
    assert client.get(feed_url("khong-co-dia-chi-nay")).status_code == 404


def test_an_inactive_users_feed_is_closed(client, commune, meeting):
    token = token_of(client, commune.secretary_na_don)
    commune.secretary_na_don.is_active = False
    commune.secretary_na_don.save()
    assert client.get(feed_url(token)).status_code == 404


def test_a_new_address_invalidates_the_old_one(client, commune, meeting):
    old = token_of(client, commune.secretary_na_don)
    assert client.get(feed_url(old)).status_code == 200
    client.force_login(commune.secretary_na_don)
    response = client.post(reverse("meetings:calendar_link"), follow=True)
    assert "Đã tạo địa chỉ mới" in response.content.decode()
    new = CalendarToken.objects.get(user=commune.secretary_na_don).token
    assert new != old and feed_url(new) in response.content.decode()
    client.logout()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_the_meeting_list_links_to_the_calendar_page(login, commune):
    page = login(commune.member_user).get(reverse("meetings:list")).content.decode()
    assert reverse("meetings:calendar_link") in page and "Lịch trên điện thoại" in page


def test_the_calendar_page_needs_a_login(client):
    response = client.get(reverse("meetings:calendar_link"))
    assert response.status_code == 302 and reverse("login") in response.url
