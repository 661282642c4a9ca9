"""Cell meetings (sinh hoạt chi bộ): the record, its roll call, speakers, votes and documents.

Attendance has two tables: ``AttendanceRecord`` keeps every record ever received (one per
client UUID, unique in the database: replays are recognised, never stored twice), and
``Attendance`` holds the current mark per (meeting, member), unique in the database, replaced
only by a record with a later ``recorded_at`` (an upsert with a condition, not a Python check).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import AttendanceStatus, MeetingKind, MeetingStatus


class Meeting(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("tổ chức"),
    )
    kind = models.CharField(_("loại"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("nội dung chính"), max_length=255, blank=True)
    scheduled_at = models.DateTimeField(_("thời gian dự kiến"), db_index=True)
    scheduled_end = models.DateTimeField(_("dự kiến kết thúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu thực tế"), null=True, blank=True)
    ended_at = models.DateTimeField(_("kết thúc thực tế"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    chair = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("chủ trì"),
    )
    secretary = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thư ký"),
    )
    upper_attendee = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cấp ủy viên cấp trên dự"),
    )
    agenda = models.TextField(_("chương trình"), blank=True, help_text=_("Mỗi dòng một nội dung."))
    electronic_materials = models.BooleanField(_("có trình chiếu, tài liệu điện tử"), default=False)
    minutes = models.TextField(_("biên bản: diễn biến"), blank=True)
    resolution = models.TextField(_("nghị quyết, kết luận"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
        db_index=True,
    )
    cancel_reason = models.CharField(_("lý do hủy"), max_length=255, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        ordering = ["-scheduled_at"]
        indexes = [models.Index(fields=["organization", "scheduled_at"], name="meeting_org_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_at:%m/%Y} — {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"meeting_pk": self.pk})

    @property
    def is_locked(self) -> bool:
        return self.status in (MeetingStatus.APPROVED, MeetingStatus.CANCELLED)

    @property
    def duration_minutes(self) -> int | None:
        if self.started_at and self.ended_at:
            return int((self.ended_at - self.started_at).total_seconds() // 60)
        return None

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Attendance(models.Model):
    """The current roll-call mark of one member at one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=AttendanceStatus.choices)
    reason = models.CharField(_("lý do vắng"), max_length=255, blank=True)
    spoke = models.BooleanField(_("có phát biểu"), default=False)
    note = models.CharField(_("ý kiến phát biểu"), max_length=500, blank=True)
    recorded_at = models.DateTimeField()
    client_id = models.UUIDField()

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="uniq_attendance"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.member_id}: {self.status}"


class AttendanceRecord(models.Model):
    """Every roll-call record received, once: its client UUID is unique."""

    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="records")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=AttendanceStatus.choices)
    spoke = models.BooleanField(default=False)
    reason = models.CharField(max_length=255, blank=True)
    recorded_at = models.DateTimeField()
    device_id = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản ghi điểm danh")
        verbose_name_plural = _("bản ghi điểm danh")
        indexes = [models.Index(fields=["meeting", "member"], name="record_meeting_member_idx")]

    def __str__(self) -> str:
        return f"{self.client_id} {self.status}"


class Vote(models.Model):
    """A show of hands on one item of the agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    item = models.CharField(_("nội dung biểu quyết"), max_length=255)
    votes_for = models.PositiveIntegerField(_("tán thành"), default=0)
    votes_against = models.PositiveIntegerField(_("không tán thành"), default=0)
    abstentions = models.PositiveIntegerField(_("không biểu quyết"), default=0)

    class Meta:
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("biểu quyết")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.item


class Document(models.Model):
    """A document for a meeting: sent electronically or not, and when; who opened it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="meetings/%Y/%m/", blank=True)
    sent_electronically = models.BooleanField(_("gửi qua mạng (email, Zalo...)"), default=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def sent_in_time(self) -> bool | None:
        """Sent at least a day before the meeting (DOMAIN.md §6)."""
        if self.sent_at is None:
            return None
        return (self.meeting.scheduled_at - self.sent_at).total_seconds() >= 24 * 3600


class DocumentOpen(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="opens")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "member"], name="uniq_document_open"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} ← {self.member_id}"


class CalendarToken(models.Model):
    """The private address of a user's meeting calendar (iCalendar feed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} calendar"
