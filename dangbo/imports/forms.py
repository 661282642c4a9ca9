from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.db import today
from dangbo.organizations.forms import BaseForm, DateField

MAX_UPLOAD_MB = 20


class UploadForm(BaseForm):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Trang «Tổ chức» và trang «Đảng viên» theo mẫu; xem hướng dẫn."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Cần tệp Excel có đuôi .xlsx."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_UPLOAD_MB}
            )
        return upload


class ExportForm(BaseForm):
    org = forms.ModelChoiceField(label=_("Tổ chức"), queryset=None, to_field_name="code")
    as_of = DateField(label=_("Đảng viên có mặt tại ngày"), required=False)
    left_since = DateField(label=_("Kèm người đã đi từ sau ngày"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = organizations
        self.fields["org"].error_messages["invalid_choice"] = _(
            "Không có tổ chức này trong phạm vi bạn được xem."
        )

    def clean(self):
        data = super().clean()
        data["as_of"] = data.get("as_of") or today()
        if data.get("left_since") and data["left_since"] >= data["as_of"]:
            self.add_error("left_since", _("Phải trước ngày lấy danh sách."))
        return data
