"""Reads about meetings: the roster, the attendance summary, a month at a glance."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dangbo.core.db import today
from dangbo.members.models import Member, MembershipPeriod
from dangbo.members.selectors import covering
from dangbo.organizations.choices import PostTitle
from dangbo.organizations.models import Organization, Post
from dangbo.organizations.selectors import valid_at

from .choices import ROLL_CALL_OPEN, AttendanceStatus, MeetingKind, MeetingStatus
from .models import Attendance, Meeting

COMMITTEE_POSTS = [
    PostTitle.SECRETARY,
    PostTitle.DEPUTY_SECRETARY,
    PostTitle.STANDING_COMMITTEE_MEMBER,
    PostTitle.COMMITTEE_MEMBER,
]


def meeting_day(meeting: Meeting) -> date:
    return timezone.localtime(meeting.scheduled_at).date()


def roll_call_open(meeting: Meeting, on: date | None = None) -> bool:
    """From the meeting's day until its minutes are approved or it is cancelled."""
    return meeting.status in ROLL_CALL_OPEN and meeting_day(meeting) <= (on or today())


@dataclass(frozen=True)
class RosterEntry:
    member_id: int
    name: str
    sort_key: str
    exempt: bool
    guest: bool


def roster(meeting: Meeting) -> list[RosterEntry]:
    """Who is on the roll call: the cell's members on the meeting's day (guests meeting here
    included, members meeting elsewhere left out); exempt members are listed but not expected.
    A committee meeting's roster is the committee: members holding its party posts that day."""
    on = meeting_day(meeting)
    if meeting.kind == MeetingKind.COMMITTEE:
        holders = Post.objects.filter(
            valid_at(on, "started_on", "ended_on"),
            organization=meeting.organization,
            title__in=COMMITTEE_POSTS,
            person__member__isnull=False,
        ).values("person__member")
        periods = MembershipPeriod.objects.filter(covering(on), member__in=holders, away=False)
    else:
        periods = MembershipPeriod.objects.filter(
            covering(on),
            away=False,
            organization__path__startswith=meeting.organization.path,
        )
    rows = periods.values_list(
        "member_id", "member__person__full_name", "member__person__sort_key", "exempt", "guest"
    ).distinct()
    entries = {r[0]: RosterEntry(*r) for r in rows}
    return sorted(entries.values(), key=lambda e: e.sort_key)


@dataclass(frozen=True)
class AttendanceSummary:
    expected: int
    present: int
    excused: int
    absent: int
    not_recorded: int
    spoke: int

    @property
    def percent_present(self) -> float | None:
        return None if not self.expected else 100 * self.present / self.expected


def summary(meeting: Meeting, entries: list[RosterEntry] | None = None) -> AttendanceSummary:
    """Present / excused / absent among the expected (non-exempt) members, in one query."""
    entries = roster(meeting) if entries is None else entries
    expected_ids = [e.member_id for e in entries if not e.exempt]
    row = Attendance.objects.filter(meeting=meeting, member_id__in=expected_ids).aggregate(
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)),
        absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
        spoke=Count("pk", filter=Q(spoke=True, status=AttendanceStatus.PRESENT)),
        recorded=Count("pk"),
    )
    recorded = row.pop("recorded")
    return AttendanceSummary(
        expected=len(expected_ids), not_recorded=len(expected_ids) - recorded, **row
    )


def meetings_in(orgs: QuerySet[Organization], start: date, end: date) -> QuerySet[Meeting]:
    """Meetings of these organizations scheduled in [start, end)."""
    tz = timezone.get_current_timezone()
    from datetime import datetime, time

    return Meeting.objects.filter(
        organization__in=orgs,
        scheduled_at__gte=datetime.combine(start, time.min, tz),
        scheduled_at__lt=datetime.combine(end, time.min, tz),
    )


@dataclass
class CellMonth:
    """One cell's month, for the commune's overview."""

    organization: Organization
    meetings: list[Meeting]
    regular_held: bool
    late: bool
    present: int
    expected: int

    @property
    def state(self) -> str:
        if self.regular_held:
            return "late" if self.late else "held"
        return "missing"

    @property
    def percent(self) -> float | None:
        return None if not self.expected else 100 * self.present / self.expected


def month_overview(
    orgs: QuerySet[Organization], year: int, month: int, *, meeting_day: int
) -> list[CellMonth]:
    """Every cell's regular meeting of the month: held on time, late (after the set day), or
    missing; and attendance. Three queries whatever the number of cells."""
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    meetings = list(
        meetings_in(orgs, start, end)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("organization")
        .order_by("scheduled_at")
    )
    counts = dict(
        Attendance.objects.filter(meeting__in=meetings, status=AttendanceStatus.PRESENT)
        .values_list("meeting")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("meeting", "n")
    )
    expected = dict(
        Attendance.objects.filter(meeting__in=meetings)
        .values_list("meeting")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("meeting", "n")
    )
    by_org: dict[int, list[Meeting]] = {}
    for m in meetings:
        by_org.setdefault(m.organization_id, []).append(m)
    rows = []
    for org in orgs.order_by("name"):
        mine = by_org.get(org.pk, [])
        regular = [
            m
            for m in mine
            if m.kind == MeetingKind.REGULAR
            and m.status in (MeetingStatus.HELD, MeetingStatus.APPROVED)
        ]
        day = org.meeting_day or meeting_day
        late = bool(regular) and all(meeting_day_of(m).day > day for m in regular)
        rows.append(
            CellMonth(
                organization=org,
                meetings=mine,
                regular_held=bool(regular),
                late=late,
                present=sum(counts.get(m.pk, 0) for m in regular),
                expected=sum(expected.get(m.pk, 0) for m in regular),
            )
        )
    return rows


def meeting_day_of(meeting: Meeting) -> date:
    return timezone.localtime(meeting.started_at or meeting.scheduled_at).date()


def around(user, on: date, days: int = 7, limit: int = 4) -> list[Meeting]:
    """The user's open meetings near ``on`` (the home page: a secretary's way to today's roll
    call): today's and the coming week's first, then the past week's still open, latest first.
    Each carries ``may_roll_call``: whether this user runs it and its roll call is open."""
    from datetime import timedelta

    from dangbo.core.choices import Action
    from dangbo.core.scope import restrict

    orgs = restrict(Organization.objects.all(), user)
    nearby = list(
        meetings_in(orgs, on - timedelta(days=days), on + timedelta(days=days + 1))
        .filter(status__in=list(ROLL_CALL_OPEN))
        .select_related("organization")
        .order_by("scheduled_at")
    )
    coming = [m for m in nearby if meeting_day(m) >= on]
    past = [m for m in reversed(nearby) if meeting_day(m) < on]
    chosen = (coming + past)[:limit]
    managed = set(
        restrict(
            Organization.objects.filter(pk__in={m.organization_id for m in chosen}),
            user,
            Action.MANAGE_MEETINGS,
        ).values_list("pk", flat=True)
    )
    for m in chosen:
        m.may_roll_call = m.organization_id in managed and meeting_day(m) <= on
    return chosen


def visible_on_roster(entries: list[RosterEntry], user) -> set[int]:
    """The roster's members this user may see by name (the scope function decides: a plain
    member, only themselves). Pages, documents and the API all name people through this."""
    from dangbo.core.scope import restrict

    ids = [e.member_id for e in entries]
    return set(restrict(Member.objects.filter(pk__in=ids), user).values_list("pk", flat=True))
