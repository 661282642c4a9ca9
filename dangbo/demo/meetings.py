"""18 months of cell meetings for the demo commune, and this month's still open for roll call.

Each cell meets monthly (some months late, a few not at all), holds a thematic meeting each
quarter; the commune committee meets monthly. Past meetings are held and approved, with their
roll call (present, excused with a reason, absent), speakers, a vote, a document and minutes;
the current month's meetings are planned or just held, their roll call open. Written in bulk.
"""

import random
import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from dangbo.meetings.choices import AttendanceStatus, MeetingKind, MeetingStatus
from dangbo.meetings.models import Attendance, AttendanceRecord, Document, Meeting, Vote
from dangbo.members.models import MembershipPeriod
from dangbo.organizations.choices import MEMBER_HOLDING_KINDS, PostTitle
from dangbo.organizations.models import Organization, Post

EXCUSES = ["Đi làm ăn xa", "Ốm", "Việc gia đình", "Đi công tác", "Đưa con đi viện"]
SUBJECTS = [
    "Đánh giá kết quả thực hiện nhiệm vụ tháng, triển khai nhiệm vụ tháng tới",
    "Phát triển kinh tế hộ, chăm sóc chè và cây ăn quả",
    "Phòng chống thiên tai, sạt lở đất mùa mưa",
    "Xây dựng nông thôn mới, giữ gìn vệ sinh môi trường",
    "Công tác phát triển đảng viên trong thanh niên",
    "Giữ gìn bản sắc văn hóa dân tộc, phòng chống tảo hôn",
]
THEMES = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao chất lượng sinh hoạt chi bộ theo Chỉ thị 50-CT/TW",
    "Phòng, chống tham nhũng, tiêu cực ở cơ sở",
    "Chuyển đổi số trong công tác đảng",
]


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def _months(start: date, end: date):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = year + month // 12, month % 12 + 1


def seed_meetings(
    root: Organization, *, rng: random.Random, today: date, max_cells: int | None = None, log=print
) -> int:
    day = settings.DANGBO["MEETING_DAY"]
    start = date(today.year - (1 if today.month > 6 else 2), (today.month + 6) % 12 or 12, 1)
    cells = list(
        Organization.objects.filter(
            path__startswith=root.path, kind__in=MEMBER_HOLDING_KINDS
        ).order_by("pk")
    )
    if max_cells is not None:
        cells = cells[:max_cells]
    cell_ids = {c.pk for c in cells}
    periods = defaultdict(list)
    for row in MembershipPeriod.objects.filter(
        organization_id__in=cell_ids, away=False
    ).values_list("organization_id", "member_id", "start", "end", "exempt"):
        periods[row[0]].append(row[1:])
    heads = dict(
        Post.objects.filter(
            organization_id__in=cell_ids, title=PostTitle.SECRETARY, ended_on__isnull=True
        ).values_list("organization_id", "person_id")
    )
    upper = list(
        Post.objects.filter(organization=root, ended_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    meetings, marks = [], []  # marks: (meeting index, member, status, reason, spoke, at)
    for cell in cells:
        lateness = rng.random()
        for year, month in _months(start, today + timedelta(days=31)):
            first = date(year, month, 1)
            if (cell.dissolved_on and first >= cell.dissolved_on) or cell.established_on > first:
                continue
            current = (year, month) >= (today.year, today.month)
            regular_day = date(
                year,
                month,
                min(
                    day + (rng.randrange(2, 9) if lateness < 0.15 and rng.random() < 0.5 else 0), 28
                ),
            )
            plans = [(MeetingKind.REGULAR, regular_day, time(19, 30))]
            if month % 3 == 2:
                plans.append((MeetingKind.THEMATIC, date(year, month, 15), time(19, 30)))
            for kind, on, clock in plans:
                skipped = not current and rng.random() < (0.04 if lateness < 0.9 else 0.2)
                if skipped:
                    continue  # a month the cell did not meet: the overview shows it missing
                meeting = Meeting(
                    organization=cell,
                    kind=kind,
                    scheduled_at=_at(on, clock),
                    scheduled_end=_at(on, clock) + timedelta(minutes=120),
                    place=f"Nhà văn hóa {cell.name.removeprefix('Chi bộ ')}",
                    title=THEMES[(month // 3) % len(THEMES)]
                    if kind == MeetingKind.THEMATIC
                    else SUBJECTS[(month + cell.pk) % len(SUBJECTS)],
                    agenda="Đánh giá tình hình tháng\n"
                    + ("Sinh hoạt chuyên đề\n" if kind == MeetingKind.THEMATIC else "")
                    + "Thảo luận, biểu quyết nghị quyết tháng",
                    chair_id=heads.get(cell.pk),
                )
                if on > today:
                    meetings.append(meeting)  # planned, next month
                    continue
                if current and on >= today - timedelta(days=2):
                    meetings.append(meeting)  # this month's: planned, roll call open
                    continue
                minutes_long = rng.choice([95, 110, 120, 130, 80]) + (
                    30 if kind == MeetingKind.THEMATIC else 0
                )
                meeting.started_at = meeting.scheduled_at + timedelta(minutes=rng.randrange(0, 20))
                meeting.ended_at = meeting.started_at + timedelta(minutes=minutes_long)
                meeting.upper_attendee_id = (
                    rng.choice(upper) if upper and rng.random() < 0.3 else None
                )
                meeting.electronic_materials = rng.random() < 0.55
                meeting.minutes = (
                    f"Đồng chí bí thư chi bộ khai mạc, thông qua chương trình. Chi bộ đánh giá "
                    f"kết quả tháng {month}/{year}: {meeting.title.lower()}. Các đồng chí đảng "
                    "viên thảo luận sôi nổi, thống nhất các nhiệm vụ trọng tâm."
                )
                focus = SUBJECTS[(month + 1) % len(SUBJECTS)].lower()
                meeting.resolution = (
                    f"Tháng {month % 12 + 1}: tập trung {focus}; phân công đảng viên phụ trách "
                    "hộ; hoàn thành đóng đảng phí."
                )
                recent = current or (today - on).days < 35
                meeting.status = (
                    MeetingStatus.HELD if recent and rng.random() < 0.6 else MeetingStatus.APPROVED
                )
                if meeting.status == MeetingStatus.APPROVED:
                    meeting.approved_at = meeting.ended_at + timedelta(days=rng.randrange(1, 5))
                meetings.append(meeting)
                index = len(meetings) - 1
                for member_id, p_start, p_end, exempt in periods[cell.pk]:
                    if exempt or p_start > on or (p_end is not None and p_end <= on):
                        continue
                    roll = rng.random()
                    if roll < 0.9:
                        status, reason = AttendanceStatus.PRESENT, ""
                    elif roll < 0.97:
                        status, reason = AttendanceStatus.EXCUSED, rng.choice(EXCUSES)
                    else:
                        status, reason = AttendanceStatus.ABSENT, ""
                    spoke = status == AttendanceStatus.PRESENT and rng.random() < 0.72
                    at = meeting.started_at + timedelta(minutes=rng.randrange(0, 15))
                    marks.append((index, member_id, status, reason, spoke, at))
    _committee_meetings(root, meetings, marks, rng=rng, start=start, today=today)
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    attendance, records, votes, documents = [], [], [], []
    for index, member_id, status, reason, spoke, at in marks:
        meeting = meetings[index]
        client = uuid.UUID(int=rng.getrandbits(128), version=4)
        attendance.append(
            Attendance(
                meeting=meeting,
                member_id=member_id,
                status=status,
                reason=reason,
                spoke=spoke,
                recorded_at=at,
                client_id=client,
                note="Đồng ý với dự thảo nghị quyết" if spoke else "",
            )
        )
        records.append(
            AttendanceRecord(
                client_id=client,
                meeting=meeting,
                member_id=member_id,
                status=status,
                spoke=spoke,
                reason=reason,
                recorded_at=at,
                device_id="demo",
            )
        )
    present = defaultdict(int)
    for index, _member, status, *_rest in marks:
        present[index] += status == AttendanceStatus.PRESENT
    for index, meeting in enumerate(meetings):
        if meeting.started_at is None:
            continue
        votes.append(
            Vote(meeting=meeting, item="Thông qua nghị quyết tháng", votes_for=present[index])
        )
        sent = meeting.scheduled_at - timedelta(days=rng.choice([0, 1, 2, 3, 3]))
        documents.append(
            Document(
                meeting=meeting,
                title="Dự thảo nghị quyết tháng",
                sent_electronically=rng.random() < 0.8,
                sent_at=sent,
            )
        )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    AttendanceRecord.objects.bulk_create(records, batch_size=5000)
    Vote.objects.bulk_create(votes, batch_size=5000)
    Document.objects.bulk_create(documents, batch_size=5000)
    log(f"  {len(meetings)} cuộc họp, {len(attendance)} lượt điểm danh")
    return len(meetings)


def _committee_meetings(root, meetings, marks, *, rng, start: date, today: date) -> None:
    """The commune committee's own monthly meeting (its members: the holders of its posts)."""
    members = list(
        Post.objects.filter(organization=root, ended_on__isnull=True, person__member__isnull=False)
        .values_list("person__member", flat=True)
        .distinct()
    )
    for year, month in _months(start, today + timedelta(days=31)):
        on = date(year, month, 5)
        meeting = Meeting(
            organization=root,
            kind=MeetingKind.COMMITTEE,
            scheduled_at=_at(on, time(8, 0)),
            place="Hội trường Đảng ủy xã",
            title=f"Họp Ban Thường vụ Đảng ủy tháng {month}/{year}",
            agenda="Đánh giá tình hình tháng\nCho ý kiến các nội dung trình",
        )
        if on < today - timedelta(days=2):
            meeting.started_at = meeting.scheduled_at
            meeting.ended_at = meeting.started_at + timedelta(minutes=150)
            meeting.minutes = "Ban Thường vụ đánh giá tình hình, cho ý kiến các nội dung trình."
            meeting.resolution = "Thống nhất các nội dung trình; giao các cơ quan tham mưu."
            meeting.status = MeetingStatus.APPROVED
            meeting.approved_at = meeting.ended_at + timedelta(days=1)
        meetings.append(meeting)
        if meeting.started_at:
            for member_id in members:
                status = (
                    AttendanceStatus.PRESENT if rng.random() < 0.92 else (AttendanceStatus.EXCUSED)
                )
                reason = "" if status == AttendanceStatus.PRESENT else "Đi công tác"
                marks.append(
                    (
                        len(meetings) - 1,
                        member_id,
                        status,
                        reason,
                        status == AttendanceStatus.PRESENT and rng.random() < 0.8,
                        meeting.started_at + timedelta(minutes=5),
                    )
                )
