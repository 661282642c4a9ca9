"""send_meeting_reminders: an e-mail the day before, to the roster and the cell's secretary."""

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from dangbo.core.choices import Role
from dangbo.meetings import services
from dangbo.meetings.choices import MeetingKind
from dangbo.members import services as members
from dangbo.testing import make_member, make_user

pytestmark = pytest.mark.django_db

DAY = date(2031, 3, 2)  # the command's "today"; the meetings are on the 3rd


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DANGBO = {**settings.DANGBO, "SITE_URL": "https://dangbo.example.vn/"}


def at(day: date, clock: time = time(19, 30)) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


@pytest.fixture
def tomorrow(commune):
    """Nà Đon's meeting on DAY + 1; addresses: the secretary's account (also on the roster),
    a member's record, a member's account; one member without any, one exempt with one."""
    c = commune
    c.secretary_na_don.email = "bithu.nadon@example.vn"
    c.secretary_na_don.save()
    person = c.plain_member.person
    person.email = "xuan@example.vn"
    person.save()
    account = make_user("anh", person=c.member_na_don.person)
    account.email = "Anh.Lo@Example.vn"  # sent as written, compared without case
    account.save()
    exempt = make_member(c.na_don, "Vi Văn Khẻ", email="khe@example.vn")
    members.start_exemption(exempt, actor=None, on=date(2020, 1, 1), reason="Tuổi cao")
    make_member(c.na_don, "Hà Thị Dung", gender="female")  # no address: no mail
    office = make_user("vanphong", Role.CELL_SECRETARY, c.na_don)  # a secretary's account
    office.email = "vanphong@example.vn"
    office.save()
    return services.schedule(
        c.na_don,
        actor=None,
        kind=MeetingKind.REGULAR,
        scheduled_at=at(DAY + timedelta(days=1)),
        place="Nhà văn hóa bản Nà Đon",
        agenda="Đánh giá tháng 2\nPhương hướng tháng 3",
    )


def run(*args) -> str:
    out = StringIO()
    call_command("send_meeting_reminders", *args, stdout=out)
    return out.getvalue()


def test_everyone_expected_gets_one_message(commune, tomorrow):
    output = run("--date", DAY.isoformat())
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == [
        "Anh.Lo@Example.vn",
        "bithu.nadon@example.vn",
        "vanphong@example.vn",
        "xuan@example.vn",
    ]
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the others' addresses
    assert "Đã gửi 4 thư nhắc cho 1 cuộc họp ngày 03/03/2031." in output


def test_the_message_says_where_when_what_and_links_to_the_meeting(commune, tomorrow):
    run("--date", DAY.isoformat())
    (message,) = [m for m in mail.outbox if m.to == ["xuan@example.vn"]]
    assert message.subject == (
        "Nhắc lịch: Sinh hoạt chi bộ thường kỳ ngày mai (03/03) — Chi bộ bản Nà Đon"
    )
    body = message.body
    assert body.startswith("Kính gửi đồng chí Tòng Thị Xuân,")
    assert "Chi bộ bản Nà Đon" in body
    assert "- Thời gian: 19:30, thứ Hai 03/03/2031" in body
    assert "- Địa điểm: Nhà văn hóa bản Nà Đon" in body
    assert "  1. Đánh giá tháng 2" in body and "  2. Phương hướng tháng 3" in body
    assert f"https://dangbo.example.vn/hop/{tomorrow.pk}/" in body


def test_cancelled_meetings_and_other_days_send_nothing(commune, tomorrow):
    services.cancel(tomorrow, actor=None, reason="Trùng lịch")
    services.schedule(
        commune.na_don,
        actor=None,
        kind=MeetingKind.THEMATIC,
        scheduled_at=at(DAY + timedelta(days=2)),
    )
    output = run("--date", DAY.isoformat())
    assert mail.outbox == []
    assert "Đã gửi 0 thư nhắc cho 0 cuộc họp" in output


def test_the_day_is_the_local_one(commune, tomorrow):
    # 06:30 on the 3rd in Hà Nội is 23:30 on the 2nd in UTC: still tomorrow's meeting.
    services.update(tomorrow, actor=None, scheduled_at=at(DAY + timedelta(days=1), time(6, 30)))
    run("--date", DAY.isoformat())
    assert len(mail.outbox) == 4
    mail.outbox.clear()
    run("--date", (DAY + timedelta(days=1)).isoformat())
    assert mail.outbox == []


def test_without_a_date_it_reminds_of_tomorrow(commune):
    commune.secretary_na_don.email = "bithu.nadon@example.vn"
    commune.secretary_na_don.save()
    local_tomorrow = timezone.localdate() + timedelta(days=1)
    services.schedule(
        commune.na_don, actor=None, kind=MeetingKind.REGULAR, scheduled_at=at(local_tomorrow)
    )
    run()
    assert [m.to for m in mail.outbox] == [["bithu.nadon@example.vn"]]


def test_a_bad_date_is_refused(commune):
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("--date", "03/03/2031")
