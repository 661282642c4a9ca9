from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.db import today
from dangbo.organizations.forms import BaseForm, DateField

ORG_SELECT_LIMIT = 150


class StatisticsForm(BaseForm):
    org = forms.ModelChoiceField(label=_("Tổ chức"), queryset=None, to_field_name="code")
    as_of = DateField(label=_("Số liệu tại ngày"), required=False)
    start = DateField(label=_("Biến động từ sau ngày"), required=False)
    end = DateField(label=_("đến hết ngày"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = organizations
        self.fields["org"].error_messages["invalid_choice"] = _(
            "Không có tổ chức này trong phạm vi bạn được xem."
        )
        if organizations.count() > ORG_SELECT_LIMIT:
            self.fields["org"].widget = forms.TextInput(
                attrs={"class": "form-control", "placeholder": "Mã tổ chức"}
            )

    def clean(self):
        data = super().clean()
        data["as_of"] = data.get("as_of") or today()
        start, end = data.get("start"), data.get("end")
        if end and not start:
            self.add_error("start", _("Nhập ngày đầu kỳ."))
        if start and not end:
            data["end"] = end = data["as_of"]
        if start and end and end <= start:
            self.add_error("end", _("Ngày cuối kỳ phải sau ngày đầu kỳ."))
        return data
