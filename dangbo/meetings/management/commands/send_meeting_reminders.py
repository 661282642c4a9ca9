"""send_meeting_reminders [--date YYYY-MM-DD]: e-mail tomorrow's meetings to those expected.

For every meeting scheduled the day after ``--date`` (default: today in the deployment's time
zone, Asia/Ho_Chi_Minh) that is not cancelled: one short message to each member on its roster
who has an address (their user account's, else the one on their record), exempt members left
out, and to the users holding the cell secretary role on its organization. Run it once a day
(cron, a systemd timer); running it twice the same day sends twice.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dangbo.core.choices import Role
from dangbo.core.db import today
from dangbo.meetings.choices import MeetingStatus
from dangbo.meetings.minutes import WEEKDAYS, kind_phrase
from dangbo.meetings.models import Meeting
from dangbo.meetings.selectors import meetings_in, roster
from dangbo.members.models import Person
from dangbo.organizations.models import Organization


def recipients(meeting: Meeting) -> dict[str, str]:
    """Address → how to greet them, for one meeting (each address once, whatever its case)."""
    ids = [e.member_id for e in roster(meeting) if not e.exempt]
    found: dict[str, tuple[str, str]] = {}
    people = Person.objects.filter(member__in=ids).select_related("user").order_by("sort_key")
    for person in people:
        user = person.user
        address = (user.email if user is not None and user.is_active else "") or person.email
        if address:
            found.setdefault(address.strip().lower(), (address.strip(), person.full_name))
    secretaries = (
        get_user_model()
        .objects.filter(
            is_active=True,
            roles__role=Role.CELL_SECRETARY,
            roles__organization=meeting.organization,
        )
        .exclude(email="")
        .distinct()
    )
    for user in secretaries:
        name = user.get_full_name() or user.username
        found.setdefault(user.email.strip().lower(), (user.email.strip(), name))
    return dict(found.values())


def message(meeting: Meeting, name: str, site: str) -> tuple[str, str]:
    local = timezone.localtime(meeting.scheduled_at)
    when = f"{local:%H:%M}, {WEEKDAYS[local.weekday()]} {local:%d/%m/%Y}"
    subject = (
        f"Nhắc lịch: {kind_phrase(meeting)} ngày mai ({local:%d/%m}) — {meeting.organization.name}"
    )
    lines = [
        f"Kính gửi đồng chí {name},",
        "",
        f"{meeting.organization.name} có lịch {kind_phrase(meeting).lower()} vào ngày mai:",
        f"- Thời gian: {when}",
        f"- Địa điểm: {meeting.place or 'sẽ thông báo sau'}",
    ]
    if meeting.title:
        lines.append(f"- Nội dung chính: {meeting.title}")
    if meeting.agenda_items:
        lines.append("- Chương trình:")
        lines += [f"  {n}. {item}" for n, item in enumerate(meeting.agenda_items, 1)]
    lines += [
        "",
        f"Xem chi tiết, tài liệu họp: {site.rstrip('/')}{meeting.get_absolute_url()}",
        "",
        "Đề nghị đồng chí thu xếp dự đầy đủ, đúng giờ; nếu vắng, xin báo trước với chi ủy và "
        "nêu lý do.",
        "",
        "(Thư tự động từ Đảng bộ số; không cần trả lời thư này.)",
    ]
    return subject, "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc lịch họp ngày mai cho đảng viên và bí thư chi bộ "
        "(mặc định: tính từ hôm nay theo giờ Việt Nam)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Ngày chạy, dạng YYYY-MM-DD: nhắc các cuộc họp của ngày hôm sau."
        )

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["date"]) if options.get("date") else today()
        except ValueError as error:
            raise CommandError(
                f"Ngày không hợp lệ: {options['date']} (dạng YYYY-MM-DD)."
            ) from error
        tomorrow = on + timedelta(days=1)
        site = settings.DANGBO.get("SITE_URL", "http://127.0.0.1:8000")
        meetings = (
            meetings_in(Organization.objects.all(), tomorrow, tomorrow + timedelta(days=1))
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("organization")
            .order_by("scheduled_at")
        )
        messages = []
        count = 0
        for meeting in meetings:
            count += 1
            for address, name in recipients(meeting).items():
                subject, body = message(meeting, name, site)
                messages.append((subject, body, None, [address]))
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        self.stdout.write(f"Đã gửi {sent} thư nhắc cho {count} cuộc họp ngày {tomorrow:%d/%m/%Y}.")
