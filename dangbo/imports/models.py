from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One workbook uploaded through the web page: checked, then (once confirmed) imported."""

    class Status(models.TextChoices):
        REFUSED = "refused", _("Có lỗi, chưa nhập")
        VALID = "valid", _("Hợp lệ, chờ xác nhận")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã nhập")
        FAILED = "failed", _("Không nhập được")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices)
    preview = models.JSONField(_("kết quả kiểm tra"), default=dict)
    result = models.JSONField(_("kết quả nhập"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập tệp")
        verbose_name_plural = _("các lần nhập tệp")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%d/%m/%Y %H:%M})"
