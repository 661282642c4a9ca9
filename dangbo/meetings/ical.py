"""An iCalendar feed (RFC 5545) of meetings, written by hand: no dependency needed.

Lines end with CRLF and are folded at 75 octets (a continuation line starts with one space,
never splitting a UTF-8 character); text values escape backslashes, semicolons, commas and
newlines; times are in UTC (``…Z``).
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .choices import MeetingStatus
from .minutes import kind_phrase
from .models import Meeting

LIMIT = 75  # octets per line, CRLF excluded


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without cutting a UTF-8 character in two."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > LIMIT:
            out.append(current)
            current, size = " ", 1  # the continuation's leading space counts
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def summary(meeting: Meeting) -> str:
    """«Sinh hoạt chi bộ thường kỳ — Chi bộ bản Nà Đon»."""
    return f"{kind_phrase(meeting)} — {meeting.organization.name}"


def event(meeting: Meeting, *, url: str, now: datetime) -> list[str]:
    start = meeting.started_at or meeting.scheduled_at
    end = (
        meeting.ended_at
        if meeting.started_at and meeting.ended_at
        else meeting.scheduled_end or start + timedelta(minutes=settings.DANGBO["MEETING_MINUTES"])
    )
    description = [meeting.title] if meeting.title else []
    if meeting.agenda_items:
        description.append("Chương trình:")
        description += [f"- {item}" for item in meeting.agenda_items]
    description.append(url)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@dangbo",
        f"DTSTAMP:{stamp(now)}",
        f"DTSTART:{stamp(start)}",
        f"DTEND:{stamp(end)}",
        f"SUMMARY:{escape(summary(meeting))}",
        f"DESCRIPTION:{escape(chr(10).join(description))}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{escape(meeting.place)}")
    return [*lines, "END:VEVENT"]


def calendar(meetings: Iterable[Meeting], *, url_of: Callable[[Meeting], str], name: str) -> str:
    """The whole VCALENDAR, folded, CRLF line ends."""
    now = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Dang bo so//Lich sinh hoat//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    for meeting in meetings:
        lines += event(meeting, url=url_of(meeting), now=now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
