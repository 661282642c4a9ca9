"""The roll-call API (CONTRACTS.md §3): meetings, rosters, the sync of offline marks."""

from datetime import date, datetime, time
from typing import Literal
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime, field_validator

from dangbo.core.scope import restrict

from . import services
from .models import Attendance, Meeting
from .selectors import roster, summary, visible_on_roster

router = Router(tags=["Sinh hoạt chi bộ"])
MAX_ID = 2**63 - 1


class MeetingOut(Schema):
    id: int
    org: str
    kind: str
    title: str
    scheduled_at: datetime
    status: str
    place: str

    @staticmethod
    def of(m: Meeting) -> "MeetingOut":
        return MeetingOut(
            id=m.pk,
            org=m.organization.code,
            kind=m.kind,
            title=m.title,
            scheduled_at=m.scheduled_at,
            status=m.status,
            place=m.place,
        )


class MeetingList(Schema):
    items: list[MeetingOut]


class RosterMember(Schema):
    id: int
    name: str
    exempt: bool
    guest: bool


class Mark(Schema):
    member_id: int
    status: str
    spoke: bool
    recorded_at: datetime


class RosterOut(Schema):
    meeting: MeetingOut
    roll_call_open: bool
    members: list[RosterMember]
    attendance: list[Mark]


class SyncRecordIn(Schema):
    client_id: UUID
    meeting_id: int = Field(ge=1, le=MAX_ID)
    member_id: int = Field(ge=1, le=MAX_ID)
    status: Literal["present", "excused", "absent"]
    spoke: bool = False
    recorded_at: AwareDatetime
    reason: str = Field("", max_length=255)

    @field_validator("recorded_at")
    @classmethod
    def plausible(cls, value: datetime) -> datetime:
        if not 2000 <= value.year <= 2100:
            raise ValueError("recorded_at must be between the years 2000 and 2100")
        return value


class SyncIn(Schema):
    device_id: str = Field("", max_length=64)
    records: list[SyncRecordIn] = Field(max_length=500)


class SyncResult(Schema):
    client_id: str
    outcome: Literal["applied", "duplicate", "superseded", "conflict", "rejected"]
    detail: str | None = None


class SyncOut(Schema):
    results: list[SyncResult]


class Summary(Schema):
    expected: int
    present: int
    excused: int
    absent: int
    not_recorded: int
    spoke: int


class AttendanceOut(Schema):
    records: list[Mark]
    summary: Summary


class MeetingFilter(Schema):
    org: str | None = Field(None, max_length=32)
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    limit: int = Field(500, ge=1, le=2000)

    @field_validator("from_", "to")
    @classmethod
    def plausible(cls, value: date | None) -> date | None:
        # Dates at the ends of the calendar overflow when turned into local datetimes.
        if value is not None and not 1900 <= value.year <= 2100:
            raise ValueError("dates must be between the years 1900 and 2100")
        return value


def _meeting(request, meeting_id: int) -> Meeting:
    if not 1 <= meeting_id <= MAX_ID:
        raise Http404
    return get_object_or_404(
        restrict(Meeting.objects.select_related("organization"), request.user), pk=meeting_id
    )


@router.get("/meetings", response=MeetingList, url_name="api_meetings")
def meetings(request, filters: Query[MeetingFilter]):
    """Meetings in the caller's scope, newest first (filter by organization and dates)."""
    qs = restrict(Meeting.objects.select_related("organization"), request.user)
    if filters.org:
        qs = qs.filter(organization__code=filters.org.strip().upper())
    tz = timezone.get_current_timezone()
    if filters.from_:
        qs = qs.filter(scheduled_at__gte=datetime.combine(filters.from_, time.min, tz))
    if filters.to:
        qs = qs.filter(scheduled_at__lte=datetime.combine(filters.to, time.max, tz))
    return {"items": [MeetingOut.of(m) for m in qs.order_by("-scheduled_at")[: filters.limit]]}


@router.get("/meetings/{meeting_id}/roster", response=RosterOut, url_name="api_roster")
def meeting_roster(request, meeting_id: int):
    """The roll call's list (ids and names only: nothing else is needed on the device)."""
    meeting = _meeting(request, meeting_id)
    entries = roster(meeting)
    visible = visible_on_roster(entries, request.user)
    entries = [e for e in entries if e.member_id in visible]
    marks = Attendance.objects.filter(meeting=meeting, member_id__in=visible).values(
        "member_id", "status", "spoke", "recorded_at"
    )
    return {
        "meeting": MeetingOut.of(meeting),
        "roll_call_open": services.roll_call_open(meeting),
        "members": [
            {"id": e.member_id, "name": e.name, "exempt": e.exempt, "guest": e.guest}
            for e in entries
        ],
        "attendance": list(marks),
    }


@router.post("/attendance/sync", response=SyncOut, url_name="api_sync")
def attendance_sync(request, payload: SyncIn):
    """Apply roll-call records: each gets applied, duplicate, superseded, conflict or
    rejected; replays and reordering never count twice."""
    records = [
        services.SyncRecord(
            r.client_id, r.meeting_id, r.member_id, r.status, r.spoke, r.recorded_at, r.reason
        )
        for r in payload.records
    ]
    return {"results": services.sync(records, user=request.user, device_id=payload.device_id)}


@router.get("/meetings/{meeting_id}/attendance", response=AttendanceOut, url_name="api_attendance")
def meeting_attendance(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    entries = roster(meeting)
    visible = visible_on_roster(entries, request.user)
    marks = Attendance.objects.filter(meeting=meeting, member_id__in=visible).values(
        "member_id", "status", "spoke", "recorded_at"
    )
    return {"records": list(marks), "summary": vars(summary(meeting, entries))}
