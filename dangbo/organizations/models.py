"""The tree of party organizations, dated, and the localities and posts around it.

The tree is a materialized path (ADR 0002): ``path`` is the chain of ids from the root, such as
``/1/7/42/``; a subtree is ``path LIKE '/1/7/%'``, one indexed range scan, never a walk in Python.
The tree also changes over time (reorganizations move whole subtrees), so every placement of a
node is kept with its dates in ``OrganizationPlacement``: questions about a past date use the
placements valid then, and the past stays true after a move.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import MEMBER_HOLDING_KINDS, Category, LocalityKind, OrgKind, PostTitle


class Organization(models.Model):
    code = models.CharField(
        _("mã"),
        max_length=32,
        unique=True,
        help_text=_("Mã ngắn, dễ đọc, không trùng, ví dụ BL hoặc BL-NADON."),
    )
    name = models.CharField(_("tên tổ chức"), max_length=255)
    kind = models.CharField(_("loại tổ chức"), max_length=32, choices=OrgKind.choices)
    category = models.CharField(
        _("loại hình"), max_length=32, choices=Category.choices, default=Category.OTHER
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("cấp trên"),
    )
    # The current placement; the dated ones live in OrganizationPlacement.
    path = models.CharField(_("đường dẫn cây"), max_length=512, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    established_on = models.DateField(_("ngày thành lập"))
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    meeting_day = models.PositiveSmallIntegerField(
        _("ngày sinh hoạt hằng tháng"),
        null=True,
        blank=True,
        help_text=_("Để trống: theo quy định chung (mùng 3 hằng tháng)."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", kwargs={"org_code": self.code})

    @property
    def holds_members(self) -> bool:
        return self.kind in MEMBER_HOLDING_KINDS

    def is_alive(self, on) -> bool:
        return self.established_on <= on and (self.dissolved_on is None or on < self.dissolved_on)

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class OrganizationName(models.Model):
    """A name an organization bore over [valid_from, valid_to)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("tên"), max_length=255)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("tên qua các thời kỳ")
        verbose_name_plural = _("tên qua các thời kỳ")
        ordering = ["organization", "valid_from"]

    def __str__(self) -> str:
        return self.name


class OrganizationPlacement(models.Model):
    """Where a node sat in the tree over [valid_from, valid_to): its parent and full path."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="placements"
    )
    parent = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    path = models.CharField(max_length=512)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("vị trí trong cây")
        verbose_name_plural = _("vị trí trong cây")
        ordering = ["organization", "valid_from"]
        indexes = [
            models.Index(
                fields=["path"], name="placement_path_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["organization", "valid_from"], name="placement_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.path} [{self.valid_from}, {self.valid_to})"


class Locality(models.Model):
    """A residential unit of the commune (thôn, bản, tổ dân phố), listed apart from cells."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(
        _("loại"), max_length=16, choices=LocalityKind.choices, default=LocalityKind.HAMLET
    )
    committee = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="localities",
        verbose_name=_("đảng bộ xã"),
    )
    cell = models.OneToOneField(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locality",
        verbose_name=_("chi bộ của thôn, bản"),
    )
    established_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể, sáp nhập"), null=True, blank=True)

    class Meta:
        verbose_name = _("thôn, bản, tổ dân phố")
        verbose_name_plural = _("thôn, bản, tổ dân phố")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A dated post held by a person, who may or may not be a party member."""

    person = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("người giữ chức vụ"),
    )
    title = models.CharField(_("chức vụ"), max_length=48, choices=PostTitle.choices)
    title_text = models.CharField(
        _("tên chức vụ cụ thể"),
        max_length=255,
        blank=True,
        help_text=_("Khi chức vụ là 'Chức vụ khác' hoặc cần ghi rõ hơn."),
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("tổ chức"),
    )
    locality = models.ForeignKey(
        Locality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("thôn, bản"),
    )
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    decision = models.CharField(_("số quyết định"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["title", "started_on"]
        indexes = [models.Index(fields=["organization", "ended_on"], name="post_org_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(locality__isnull=False),
                name="post_has_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_title} — {self.person}"

    @property
    def display_title(self) -> str:
        return self.title_text or self.get_title_display()
