"""The minutes (biên bản) of a meeting as a Word document, filled in from the database.

The layout lives in ``docx/bien-ban.docx`` (built by ``docx/build_template.py``, editable in
Word); this module only builds the context: header, title, time and place, attendance with the
names of the excused (and why), of the absent and of the exempt, the agenda, the proceedings,
who spoke and what they said, the votes, the resolution and the signatures.

Names of members follow the same rule as the meeting's page: a user sees the names of the
members they may see (``visible_to``); the counts are always the whole roll call's.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from dangbo.organizations.choices import MEMBER_HOLDING_KINDS
from dangbo.organizations.models import Organization
from dangbo.reports.formatting import vn_percent

from .choices import AttendanceStatus, MeetingKind
from .models import Attendance, Meeting
from .selectors import RosterEntry, roster, summary, visible_on_roster

TEMPLATE = Path(__file__).with_name("docx") / "bien-ban.docx"
BLANK = "…………………"
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def vn_date(day: date) -> str:
    """«ngày 05 tháng 02 năm 2025»: days under 10 and months 1, 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_clock(moment: datetime) -> str:
    """«19 giờ 30 phút» in local time."""
    local = timezone.localtime(moment)
    return f"{local.hour} giờ {local.minute:02d} phút"


def kind_phrase(meeting: Meeting) -> str:
    """«Sinh hoạt chi bộ thường kỳ», «Họp chi ủy»…: what the meeting is, in words."""
    is_cell = meeting.organization.kind in MEMBER_HOLDING_KINDS
    return {
        MeetingKind.REGULAR: "Sinh hoạt chi bộ thường kỳ",
        MeetingKind.THEMATIC: "Sinh hoạt chi bộ chuyên đề",
        MeetingKind.COMMITTEE: "Họp chi ủy" if is_cell else "Họp Ban Chấp hành đảng bộ",
        MeetingKind.EXTRAORDINARY: "Sinh hoạt chi bộ bất thường" if is_cell else "Họp bất thường",
    }.get(meeting.kind, meeting.get_kind_display())


def meeting_subtitle(meeting: Meeting) -> str:
    """«Sinh hoạt chi bộ thường kỳ tháng 5 năm 2025»."""
    day = timezone.localtime(meeting.started_at or meeting.scheduled_at).date()
    return f"{kind_phrase(meeting)} tháng {day.month} năm {day.year}"


def place_name(meeting: Meeting) -> str:
    """The place in the date line: the commune, from the setting or the top organization's
    name («Đảng bộ xã Thử» → «Xã Thử»)."""
    name = settings.DANGBO.get("COMMUNE_NAME") or ""
    if not name:
        org = meeting.organization
        top = org.ancestor_ids[0] if org.ancestor_ids else org.pk
        name = Organization.objects.filter(pk=top).values_list("name", flat=True).first() or ""
    name = re.sub(r"^(đảng bộ|đảng ủy|chi bộ)\s+", "", name.strip(), flags=re.IGNORECASE)
    return name[:1].upper() + name[1:] if name else "……"


def header_names(meeting: Meeting) -> tuple[str, str]:
    """The header's two lines, upper case: the committee above, the organization itself."""
    org = meeting.organization
    upper = org.parent.name if org.parent_id else ""
    return upper.upper(), org.name.upper()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _names(entries) -> str:
    names = [e.name for e in entries]
    return ", ".join(names) + "." if names else "không có."


@dataclass(frozen=True)
class Row:
    name: str
    reason: str = ""
    note: str = ""


def context(meeting: Meeting, *, visible_to=None) -> dict:
    """Everything the template needs; ``visible_to``: name only the members this user may see
    (None: everyone, for the system itself)."""
    meeting = Meeting.objects.select_related(
        "organization__parent", "chair", "secretary", "upper_attendee"
    ).get(pk=meeting.pk)
    entries = roster(meeting)
    counts = summary(meeting, entries)
    if visible_to is None:
        shown = {e.member_id for e in entries}
    else:
        shown = visible_on_roster(entries, visible_to)
    marks = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    named: list[RosterEntry] = [e for e in entries if e.member_id in shown]

    def with_status(status: str) -> list[RosterEntry]:
        return [
            e
            for e in named
            if not e.exempt and e.member_id in marks and marks[e.member_id].status == status
        ]

    excused = [
        Row(e.name, reason=marks[e.member_id].reason or "—")
        for e in with_status(AttendanceStatus.EXCUSED)
    ]
    speakers = [
        Row(e.name, note=marks[e.member_id].note or "")
        for e in with_status(AttendanceStatus.PRESENT)
        if marks[e.member_id].spoke
    ]
    start = meeting.started_at or meeting.scheduled_at
    day = timezone.localtime(start).date()
    if meeting.started_at and meeting.ended_at:
        time_line = (
            f"bắt đầu lúc {vn_clock(meeting.started_at)}, {WEEKDAYS[day.weekday()]} "
            f"{vn_date(day)}; kết thúc lúc {vn_clock(meeting.ended_at)}"
            f" ({meeting.duration_minutes} phút)."
        )
        end_line = f"lúc {vn_clock(meeting.ended_at)} cùng ngày"
    else:
        time_line = (
            f"bắt đầu lúc {vn_clock(start)}, {WEEKDAYS[day.weekday()]} {vn_date(day)}; "
            f"kết thúc lúc {BLANK}."
        )
        end_line = f"lúc {BLANK}"
    upper_name, org_name = header_names(meeting)
    topic = ""
    plain = {kind_phrase(meeting).lower(), meeting.get_kind_display().lower()}
    if meeting.title and meeting.title.strip().lower() not in plain:
        topic = (
            f"Chuyên đề: {meeting.title}"
            if meeting.kind == MeetingKind.THEMATIC
            else (meeting.title)
        )
    percent = counts.percent_present
    return {
        "upper_name": upper_name,
        "org_name": org_name,
        "place_name": place_name(meeting),
        "date_line": vn_date(day),
        "subtitle": meeting_subtitle(meeting),
        "topic": topic,
        "time_line": time_line,
        "end_line": end_line,
        "place": meeting.place or BLANK,
        "chair": meeting.chair.full_name if meeting.chair else BLANK,
        "secretary": meeting.secretary.full_name if meeting.secretary else BLANK,
        "chair_signature": meeting.chair.full_name if meeting.chair else "",
        "secretary_signature": meeting.secretary.full_name if meeting.secretary else "",
        "upper_attendee": meeting.upper_attendee.full_name if meeting.upper_attendee else "không.",
        "total": len(entries),
        "exempt_count": sum(1 for e in entries if e.exempt),
        "expected": counts.expected,
        "present": counts.present,
        "percent": "—" if percent is None else vn_percent(percent),
        "excused_count": counts.excused,
        "absent_count": counts.absent,
        "not_recorded": counts.not_recorded,
        "excused": excused,
        "absent_names": _names(with_status(AttendanceStatus.ABSENT)),
        "exempt_names": _names(e for e in named if e.exempt),
        "agenda": meeting.agenda_items or [BLANK],
        "minutes": _lines(meeting.minutes) or [BLANK],
        "speakers": speakers,
        "votes": list(meeting.votes.all()),
        "resolution": _lines(meeting.resolution) or [BLANK],
    }


def render_minutes(meeting: Meeting, *, visible_to=None) -> bytes:
    """The minutes as a .docx file (bytes)."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(TEMPLATE)
    document.render(context(meeting, visible_to=visible_to), autoescape=True)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def filename(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.started_at or meeting.scheduled_at).date()
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", meeting.organization.code)
    return f"bien-ban-{code}-{day.isoformat()}.docx"
