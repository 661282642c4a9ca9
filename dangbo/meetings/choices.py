from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Sinh hoạt thường kỳ")
    THEMATIC = "thematic", _("Sinh hoạt chuyên đề")
    COMMITTEE = "committee", _("Họp cấp ủy")
    EXTRAORDINARY = "extraordinary", _("Họp bất thường")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    HELD = "held", _("Đã họp")
    APPROVED = "approved", _("Đã duyệt biên bản")
    CANCELLED = "cancelled", _("Đã hủy")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Có mặt")
    EXCUSED = "excused", _("Vắng có lý do")
    ABSENT = "absent", _("Vắng không lý do")


class SyncOutcome(models.TextChoices):
    APPLIED = "applied", _("Đã ghi")
    DUPLICATE = "duplicate", _("Đã nhận trước đó")
    SUPERSEDED = "superseded", _("Có bản ghi mới hơn")
    CONFLICT = "conflict", _("Trùng mã, khác nội dung")
    REJECTED = "rejected", _("Bị từ chối")


# Roll call stays open from the meeting's day until its minutes are approved or it is cancelled.
ROLL_CALL_OPEN = {MeetingStatus.PLANNED, MeetingStatus.HELD}
