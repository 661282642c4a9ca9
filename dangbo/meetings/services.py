"""Every write about meetings: planning, the record, the minutes, and the roll-call sync.

``sync`` applies roll-call records exactly once whatever the order and however often they are
sent: the database does the deciding — a unique client UUID (INSERT … ON CONFLICT DO NOTHING)
and one attendance row per (meeting, member) replaced only by a later record (INSERT … ON
CONFLICT DO UPDATE … WHERE older). SQLite ≥ 3.35 and PostgreSQL run the same statements.
"""

import time as time_module
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from dangbo.core.audit import audit
from dangbo.core.choices import Action
from dangbo.core.db import today
from dangbo.core.errors import DomainError
from dangbo.core.scope import restrict
from dangbo.core.text import vn_date
from dangbo.organizations.choices import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from .choices import AttendanceStatus, MeetingKind, MeetingStatus, SyncOutcome
from .models import Attendance, AttendanceRecord, Document, DocumentOpen, Meeting, Vote
from .selectors import roll_call_open, roster  # noqa: F401 — roll_call_open is re-exported

COMMITTEE_KINDS = {OrgKind.COMMUNE_COMMITTEE, OrgKind.BASE_COMMITTEE, OrgKind.SUB_COMMITTEE}


def _config(key: str):
    return settings.DANGBO[key]


def _at(day: date, clock: str) -> datetime:
    hour, minute = (int(x) for x in clock.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _check_open(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise DomainError(
            f"Cuộc họp đã {meeting.get_status_display().lower()}; không sửa được nữa."
        )


# -- planning ---------------------------------------------------------------------------------
def _check_kind_and_day(org: Organization, kind: str, scheduled_at: datetime) -> None:
    """Cells hold meetings, committees their committee's; the organization exists that day."""
    day = timezone.localtime(scheduled_at).date()
    if kind == MeetingKind.COMMITTEE and org.kind not in COMMITTEE_KINDS | MEMBER_HOLDING_KINDS:
        raise DomainError("Tổ chức này không có cấp ủy họp riêng.", field="kind")
    if kind != MeetingKind.COMMITTEE and org.kind not in MEMBER_HOLDING_KINDS:
        raise DomainError(
            f"«{org.name}» là {org.get_kind_display().lower()}: sinh hoạt là của chi bộ; "
            "đảng ủy họp theo loại «Họp cấp ủy».",
            field="kind",
        )
    if not org.is_alive(day):
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {vn_date(day)}.", field="scheduled_at"
        )


@transaction.atomic
def schedule(
    org: Organization,
    *,
    actor,
    kind: str,
    scheduled_at: datetime,
    title: str = "",
    place: str = "",
    agenda: str = "",
) -> Meeting:
    """Lên lịch một cuộc họp."""
    org = Organization.objects.get(pk=org.pk)
    _check_kind_and_day(org, kind, scheduled_at)
    meeting = Meeting.objects.create(
        organization=org,
        kind=kind,
        scheduled_at=scheduled_at,
        title=title.strip(),
        place=place.strip(),
        agenda=agenda.strip(),
        scheduled_end=scheduled_at + timedelta(minutes=_config("MEETING_MINUTES")),
    )
    audit(actor, "meeting.schedule", meeting, on=scheduled_at)
    return meeting


@transaction.atomic
def plan_year(org: Organization, *, actor, year: int) -> list[Meeting]:
    """Lập kế hoạch sinh hoạt cả năm: a regular meeting every month on the cell's set day, a
    thematic one every quarter (a committee: its own monthly meeting). Months already past, and
    months that already have such a meeting, are left alone."""
    org = Organization.objects.get(pk=org.pk)
    day = org.meeting_day or _config("MEETING_DAY")
    clock = _config("MEETING_TIME")
    first_month = today().month if year == today().year else 1
    if year < today().year:
        raise DomainError("Năm đã qua; chỉ lập kế hoạch cho năm nay hoặc năm sau.", field="year")
    existing = set(
        Meeting.objects.filter(organization=org, scheduled_at__year=year)
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("kind", "scheduled_at__month")
    )
    kinds = (
        [MeetingKind.COMMITTEE]
        if org.kind in COMMITTEE_KINDS
        else [MeetingKind.REGULAR, MeetingKind.THEMATIC]
    )
    created = []
    for month in range(first_month, 13):
        for kind in kinds:
            if kind == MeetingKind.THEMATIC and month % 3 != 2:
                continue  # the middle month of each quarter
            if (kind, month) in existing:
                continue
            when = date(year, month, min(day, 28))
            if kind == MeetingKind.THEMATIC:
                when = date(year, month, 15)
            if when < today() or not org.is_alive(when):
                continue
            title = {"thematic": f"Sinh hoạt chuyên đề quý {(month - 1) // 3 + 1}"}.get(kind, "")
            created.append(
                schedule(org, actor=actor, kind=kind, scheduled_at=_at(when, clock), title=title)
            )
    audit(actor, "meeting.plan_year", org, year=year, created=len(created))
    return created


@transaction.atomic
def update(meeting: Meeting, *, actor, **fields) -> Meeting:
    """Sửa lịch, địa điểm, chương trình…; not once the minutes are approved."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    allowed = {"title", "scheduled_at", "place", "agenda", "kind"}
    if set(fields) - allowed:
        raise TypeError(sorted(set(fields) - allowed))
    _check_kind_and_day(
        meeting.organization,
        fields.get("kind", meeting.kind),
        fields.get("scheduled_at", meeting.scheduled_at),
    )
    if "scheduled_at" in fields and meeting.scheduled_end:
        # The planned end moves with the start (phone calendars show both).
        meeting.scheduled_end += fields["scheduled_at"] - meeting.scheduled_at
    for key, value in fields.items():
        setattr(meeting, key, value)
    meeting.save()
    audit(actor, "meeting.update", meeting, fields=sorted(fields))
    return meeting


@transaction.atomic
def cancel(meeting: Meeting, *, actor, reason: str) -> Meeting:
    """Hủy cuộc họp (với lý do)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if not reason.strip():
        raise DomainError("Cần ghi lý do hủy.", field="reason")
    meeting.status, meeting.cancel_reason = MeetingStatus.CANCELLED, reason.strip()
    meeting.save(update_fields=["status", "cancel_reason"])
    audit(actor, "meeting.cancel", meeting, reason=reason)
    return meeting


# -- the record -------------------------------------------------------------------------------
@dataclass
class Recorded:
    meeting: Meeting
    warnings: list[str]


@transaction.atomic
def record_held(
    meeting: Meeting,
    *,
    actor,
    started_at: datetime,
    ended_at: datetime,
    place: str = "",
    chair=None,
    secretary=None,
    upper_attendee=None,
    electronic_materials: bool = False,
) -> Recorded:
    """Ghi nhận cuộc họp đã diễn ra: giờ bắt đầu, kết thúc, chủ trì, thư ký, cấp trên dự.
    A meeting shorter than the minimum (DOMAIN.md §6, a setting) is recorded with a warning."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if ended_at <= started_at:
        raise DomainError("Giờ kết thúc phải sau giờ bắt đầu.", field="ended_at")
    if timezone.localtime(started_at).date() > today():
        raise DomainError("Cuộc họp chưa diễn ra.", field="started_at")
    meeting.started_at, meeting.ended_at = started_at, ended_at
    meeting.place = place.strip() or meeting.place
    meeting.chair, meeting.secretary, meeting.upper_attendee = chair, secretary, upper_attendee
    meeting.electronic_materials = electronic_materials
    meeting.status = MeetingStatus.HELD
    meeting.save()
    warnings = []
    minimum = _config("MEETING_MINUTES")
    if meeting.kind == MeetingKind.THEMATIC or len(meeting.agenda_items) > 3:
        minimum = _config("COMBINED_MEETING_MINUTES")
    if meeting.duration_minutes < minimum:
        warnings.append(
            f"Cuộc họp kéo dài {meeting.duration_minutes} phút, ít hơn {minimum} phút theo "
            "hướng dẫn."
        )
    audit(actor, "meeting.held", meeting, minutes=meeting.duration_minutes)
    return Recorded(meeting, warnings)


@transaction.atomic
def save_minutes(
    meeting: Meeting,
    *,
    actor,
    minutes: str,
    resolution: str,
    agenda: str | None = None,
    votes: list[tuple[str, int, int, int]] | None = None,
    speeches: dict[int, str] | None = None,
    reasons: dict[int, str] | None = None,
) -> Meeting:
    """Biên bản: diễn biến, biểu quyết từng nội dung, ý kiến phát biểu, nghị quyết."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    meeting.minutes, meeting.resolution = minutes.strip(), resolution.strip()
    if agenda is not None:
        meeting.agenda = agenda.strip()
    meeting.save()
    if votes is not None:
        meeting.votes.all().delete()
        Vote.objects.bulk_create(
            Vote(meeting=meeting, item=item.strip(), votes_for=f, votes_against=a, abstentions=b)
            for item, f, a, b in votes
            if item.strip()
        )
    for member_id, note in (speeches or {}).items():
        Attendance.objects.filter(meeting=meeting, member_id=member_id).update(note=note[:500])
    for member_id, reason in (reasons or {}).items():
        Attendance.objects.filter(
            meeting=meeting, member_id=member_id, status=AttendanceStatus.EXCUSED
        ).update(reason=reason[:255])
    audit(actor, "meeting.minutes", meeting)
    return meeting


@transaction.atomic
def approve(meeting: Meeting, *, actor) -> Meeting:
    """Duyệt biên bản: the record is then locked, and the roll call closed."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.HELD:
        raise DomainError("Chỉ duyệt biên bản của cuộc họp đã diễn ra (ghi giờ bắt đầu, kết thúc).")
    if not meeting.minutes.strip():
        raise DomainError("Biên bản chưa có nội dung.", field="minutes")
    meeting.status, meeting.approved_at = MeetingStatus.APPROVED, timezone.now()
    meeting.approved_by = actor if getattr(actor, "pk", None) else None
    meeting.save(update_fields=["status", "approved_at", "approved_by"])
    audit(actor, "meeting.approve", meeting)
    return meeting


@transaction.atomic
def add_document(
    meeting: Meeting,
    *,
    actor,
    title: str,
    file=None,
    sent_electronically: bool = True,
    sent_at: datetime | None = None,
) -> Document:
    """Gửi tài liệu họp (đúng hạn là trước ít nhất một ngày)."""
    _check_open(meeting)
    if not title.strip():
        raise DomainError("Cần tên tài liệu.", field="title")
    document = Document(
        meeting=meeting,
        title=title.strip(),
        sent_electronically=sent_electronically,
        sent_at=sent_at or timezone.now(),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    if file is not None:
        document.file.save(file.name, file, save=False)
    document.save()
    audit(actor, "meeting.document", meeting, title=title)
    return document


def record_document_open(document: Document, *, member) -> None:
    """A member opened a meeting document (once counts)."""
    DocumentOpen.objects.get_or_create(document=document, member=member)


# -- the roll call ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SyncRecord:
    client_id: uuid.UUID
    meeting_id: int
    member_id: int
    status: str
    spoke: bool
    recorded_at: datetime
    reason: str = ""

    def same_as(self, stored: AttendanceRecord) -> bool:
        return (
            stored.meeting_id == self.meeting_id
            and stored.member_id == self.member_id
            and stored.status == self.status
            and stored.spoke == self.spoke
            and stored.recorded_at == self.recorded_at
        )


CLOCK_SKEW = timedelta(days=1)


class Busy(Exception):
    """The database kept refusing the batch (deadlocks, a locked SQLite file): try again."""


RETRIES = 3


def sync(records: list[SyncRecord], *, user, device_id: str = "") -> list[dict]:
    """Apply roll-call records; one outcome per record, in order (CONTRACTS.md §3).

    Rows are written in key order, so concurrent senders lock them in the same order; a batch
    the database still aborts (deadlock, serialization, a locked file) is retried, and then
    reported as ``Busy`` — the device keeps the records and sends them again."""
    for attempt in range(RETRIES):
        try:
            return _sync_once(records, user=user, device_id=device_id)
        except OperationalError as error:
            if not _transient(error):
                raise
            time_module.sleep(0.05 * (attempt + 1))
    raise Busy("Máy chủ đang bận, hãy gửi lại sau ít giây.")


def _transient(error: OperationalError) -> bool:
    state = getattr(error.__cause__, "sqlstate", None)
    return state in ("40P01", "40001") or "locked" in str(error)


def _sync_once(records: list[SyncRecord], *, user, device_id: str) -> list[dict]:
    outcomes: dict[uuid.UUID, dict] = {}
    valid = _admissible(records, user, outcomes)
    with transaction.atomic():
        inserted = _insert_records(valid, user, device_id)
        known = {r.client_id for r in valid} - inserted
        if known:
            stored = {s.client_id: s for s in AttendanceRecord.objects.filter(client_id__in=known)}
            for r in valid:
                if r.client_id in known:
                    same = stored.get(r.client_id) is not None and r.same_as(stored[r.client_id])
                    outcomes[r.client_id] = {
                        "outcome": SyncOutcome.DUPLICATE if same else SyncOutcome.CONFLICT
                    }
        fresh = [r for r in valid if r.client_id in inserted]
        applied = _upsert_current(fresh)
        for r in fresh:
            outcomes[r.client_id] = {
                "outcome": SyncOutcome.APPLIED if r.client_id in applied else SyncOutcome.SUPERSEDED
            }
    return [{"client_id": str(r.client_id), **outcomes[r.client_id]} for r in records]


def _admissible(records: list[SyncRecord], user, outcomes: dict) -> list[SyncRecord]:
    """The records that may be stored; the others get ``rejected`` with the reason. A meeting
    out of the user's scope is rejected exactly like one that does not exist."""
    meeting_ids = {r.meeting_id for r in records}
    meetings = {
        m.pk: m
        for m in restrict(
            Meeting.objects.filter(pk__in=meeting_ids), user, Action.MANAGE_MEETINGS
        ).select_related("organization")
    }
    rosters = {pk: {e.member_id: e for e in roster(m)} for pk, m in meetings.items()}
    now = timezone.now()
    valid, seen = [], set()
    for r in records:
        meeting = meetings.get(r.meeting_id)
        reason = None
        if r.client_id in seen:
            reason = "Mã bản ghi lặp lại trong cùng một lần gửi."
        elif meeting is None:
            reason = "Không tìm thấy cuộc họp."
        elif not roll_call_open(meeting):
            reason = (
                "Chưa đến ngày họp."
                if meeting.status == MeetingStatus.PLANNED
                else "Cuộc họp đã khóa điểm danh (đã duyệt biên bản hoặc đã hủy)."
            )
        elif r.member_id not in rosters[r.meeting_id]:
            reason = "Người này không có trong danh sách của cuộc họp."
        elif rosters[r.meeting_id][r.member_id].exempt:
            reason = "Đảng viên được miễn sinh hoạt, không điểm danh."
        elif r.recorded_at > now + CLOCK_SKEW:
            reason = "Thời điểm ghi ở tương lai: kiểm tra đồng hồ của máy."
        seen.add(r.client_id)
        if reason:
            outcomes[r.client_id] = {"outcome": SyncOutcome.REJECTED, "detail": reason}
        else:
            valid.append(r)
    return valid


def _prep(model, field: str, value):
    return model._meta.get_field(field).get_db_prep_value(value, connection)


def _uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _insert_records(records: list[SyncRecord], user, device_id: str) -> set[uuid.UUID]:
    """INSERT every record, skipping client ids already stored; the ones inserted."""
    if not records:
        return set()
    table = AttendanceRecord._meta.db_table
    now = _prep(AttendanceRecord, "received_at", timezone.now())
    user_id = user.pk if getattr(user, "pk", None) else None
    rows, params = [], []
    for r in sorted(records, key=lambda r: str(r.client_id)):  # lock order: see sync()
        rows.append("(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
        params += [
            _prep(AttendanceRecord, "client_id", r.client_id),
            r.meeting_id,
            r.member_id,
            r.status,
            r.spoke,
            r.reason[:255],
            _prep(AttendanceRecord, "recorded_at", r.recorded_at),
            device_id[:64],
            user_id,
            now,
        ]
    sql = (
        f"INSERT INTO {table} (client_id, meeting_id, member_id, status, spoke, reason, "
        f"recorded_at, device_id, user_id, received_at) VALUES {', '.join(rows)} "
        "ON CONFLICT (client_id) DO NOTHING RETURNING client_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {_uuid(row[0]) for row in cursor.fetchall()}


def _upsert_current(records: list[SyncRecord]) -> set[uuid.UUID]:
    """Make each record current for its (meeting, member) unless a later one is; the ones that
    became current. Within one batch only the latest record per pair competes."""
    latest: dict[tuple[int, int], SyncRecord] = {}
    for r in records:
        key = (r.meeting_id, r.member_id)
        if key not in latest or (r.recorded_at, str(r.client_id)) > (
            latest[key].recorded_at,
            str(latest[key].client_id),
        ):
            latest[key] = r
    if not latest:
        return set()
    table = Attendance._meta.db_table
    rows, params = [], []
    for _key, r in sorted(latest.items()):  # lock order: see sync()
        rows.append("(%s, %s, %s, %s, %s, '', %s, %s)")
        params += [
            r.meeting_id,
            r.member_id,
            r.status,
            r.reason[:255],
            r.spoke,
            _prep(Attendance, "recorded_at", r.recorded_at),
            _prep(Attendance, "client_id", r.client_id),
        ]
    sql = (
        f"INSERT INTO {table} (meeting_id, member_id, status, reason, spoke, note, recorded_at, "
        f"client_id) VALUES {', '.join(rows)} "
        "ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status, "
        "reason = excluded.reason, spoke = excluded.spoke, recorded_at = excluded.recorded_at, "
        "client_id = excluded.client_id "
        f"WHERE {table}.recorded_at < excluded.recorded_at OR ({table}.recorded_at = "
        f"excluded.recorded_at AND {table}.client_id < excluded.client_id) "
        "RETURNING client_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {_uuid(row[0]) for row in cursor.fetchall()}


def record_marks(meeting: Meeting, *, actor, marks: dict[int, tuple[str, bool]]) -> list[dict]:
    """The roll call without JavaScript (a plain form): the same sync, stamped now."""
    now = timezone.now()
    records = [
        SyncRecord(uuid.uuid4(), meeting.pk, member_id, status, spoke, now)
        for member_id, (status, spoke) in marks.items()
        if status in AttendanceStatus.values
    ]
    return sync(records, user=actor, device_id="web")
