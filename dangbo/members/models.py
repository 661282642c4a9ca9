"""People, members, the append-only event log and the periods derived from it (ADR 0003).

``MemberEvent`` is the truth. ``MembershipPeriod`` rows and the summary fields on ``Member``
(state, organization, standing dates, exemption) are derived from the log by
``dangbo.members.history.replay`` and rewritten by the services after every event; nothing else
writes them.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dangbo.core.text import fold, normalize_spaces, sort_key

from .choices import (
    Ethnicity,
    EventKind,
    Gender,
    GeneralEducation,
    MemberState,
    PoliticalTheory,
    Professional,
    Standing,
    WorkStatus,
)


class Person(models.Model):
    """Any individual the commune records: a member, a candidate, a village head."""

    full_name = models.CharField(_("họ và tên"), max_length=255)
    # Derived on save: the Vietnamese collation key and the folded form for search.
    sort_key = models.CharField(max_length=512, editable=False, db_index=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    birth_date = models.DateField(_("ngày sinh"))
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(
        _("dân tộc"), max_length=24, choices=Ethnicity.choices, default=Ethnicity.KINH
    )
    religion = models.CharField(
        _("tôn giáo"), max_length=64, blank=True, help_text=_("Để trống nếu không theo tôn giáo.")
    )
    national_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    residence = models.ForeignKey(
        "organizations.Locality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
        verbose_name=_("nơi cư trú (thôn, bản)"),
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    general_education = models.CharField(
        _("giáo dục phổ thông"),
        max_length=24,
        choices=GeneralEducation.choices,
        default=GeneralEducation.UPPER_SECONDARY,
    )
    professional = models.CharField(
        _("chuyên môn, nghiệp vụ"),
        max_length=16,
        choices=Professional.choices,
        default=Professional.NONE,
    )
    political_theory = models.CharField(
        _("lý luận chính trị"),
        max_length=16,
        choices=PoliticalTheory.choices,
        default=PoliticalTheory.NONE,
    )
    work_status = models.CharField(
        _("tình trạng công tác"),
        max_length=16,
        choices=WorkStatus.choices,
        default=WorkStatus.WORKING,
    )
    occupation = models.CharField(_("nghề nghiệp, chức vụ chính quyền"), max_length=255, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("tài khoản"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if self.national_id == "":
            self.national_id = None
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        self.full_name = normalize_spaces(self.full_name)
        self.sort_key = sort_key(self.full_name)
        self.search_name = fold(self.full_name)

    @property
    def is_minority(self) -> bool:
        return self.ethnicity != Ethnicity.KINH


class Member(models.Model):
    """Party membership of a person. Lifecycle fields are written by services only."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="member", verbose_name=_("cá nhân")
    )
    card_number = models.CharField(
        _("số thẻ đảng viên"), max_length=20, null=True, blank=True, unique=True
    )
    ceremony_on = models.DateField(_("ngày lễ kết nạp"), null=True, blank=True)
    # Derived from the event log (see history.replay):
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("chi bộ"),
        help_text=_("Chi bộ hiện tại, hoặc chi bộ cuối cùng."),
    )
    state = models.CharField(
        _("tình trạng"),
        max_length=24,
        choices=MemberState.choices,
        default=MemberState.ACTIVE,
        db_index=True,
    )
    admitted_on = models.DateField(_("ngày vào Đảng"))
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    is_exempt = models.BooleanField(_("miễn sinh hoạt"), default=False)
    is_away = models.BooleanField(_("đang sinh hoạt tạm thời nơi khác"), default=False)
    left_on = models.DateField(_("ngày ra khỏi đảng bộ"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        indexes = [models.Index(fields=["organization", "state"], name="member_org_state_idx")]

    def __str__(self) -> str:
        return self.person.full_name

    def save(self, *args, **kwargs):
        if self.card_number == "":
            self.card_number = None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("members:detail", kwargs={"member_pk": self.pk})

    @property
    def standing(self) -> str:
        return Standing.PROBATIONARY if self.official_on is None else Standing.OFFICIAL

    def get_standing_display(self) -> str:
        return Standing(self.standing).label

    @property
    def is_present(self) -> bool:
        return self.state == MemberState.ACTIVE


class MemberEvent(models.Model):
    """One dated fact of a member's life. Append-only: never updated, never deleted."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=32, choices=EventKind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    # Order of events on the same day: the order in which they were recorded.
    seq = models.PositiveIntegerField(editable=False)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chi bộ"),
        help_text=_("Chi bộ nơi đến (kết nạp, chuyển đến, chuyển chi bộ)."),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    extra = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi"),
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    # A correction never deletes: the wrong event is marked void (who, when, why) and a right
    # one appended; replays skip void events, the timeline still shows them.
    voided_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người hủy"),
    )
    void_reason = models.CharField(_("lý do hủy"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sự kiện của đảng viên")
        verbose_name_plural = _("sự kiện của đảng viên")
        ordering = ["member", "effective_on", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["member", "seq"], name="uniq_event_seq"),
        ]
        indexes = [
            models.Index(fields=["member", "effective_on", "seq"], name="event_member_idx"),
            models.Index(fields=["kind", "effective_on"], name="event_kind_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.effective_on:%d/%m/%Y} {self.get_kind_display()}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class MembershipPeriod(models.Model):
    """A stretch [start, end) over which a member sat in one organization in one condition.

    Periods of one member never overlap. ``guest`` periods (sinh hoạt tạm thời from elsewhere)
    are excluded from the committee's counts; ``away`` members (sinh hoạt tạm thời elsewhere)
    are counted but not expected at meetings.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="periods"
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    standing = models.CharField(max_length=16, choices=Standing.choices)
    exempt = models.BooleanField(default=False)
    guest = models.BooleanField(default=False)
    away = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("giai đoạn sinh hoạt")
        verbose_name_plural = _("giai đoạn sinh hoạt")
        ordering = ["member", "start"]
        indexes = [
            models.Index(fields=["start", "end"], name="period_dates_idx"),
            models.Index(fields=["organization", "start", "end"], name="period_org_idx"),
            models.Index(fields=["member", "start"], name="period_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.organization_id} [{self.start}, {self.end})"


class MemberTransition(models.Model):
    """Derived, like the periods: each change in where a member counts (arrival, departure,
    move between cells), with its cause. Changes over a period are counted from these."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transitions")
    on = models.DateField()
    cause = models.CharField(max_length=32, choices=EventKind.choices)
    from_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("biến động")
        verbose_name_plural = _("biến động")
        ordering = ["member", "on", "pk"]
        indexes = [models.Index(fields=["on"], name="transition_on_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.on} {self.cause}"
