from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.db import today
from dangbo.core.forms import DateInput, bootstrapify

from .choices import Category, OrgKind, PostTitle


class DateField(forms.DateField):
    widget = DateInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"])
        kwargs.setdefault(
            "error_messages", {"invalid": _("Ngày không hợp lệ; nhập dạng dd/mm/yyyy.")}
        )
        super().__init__(*args, **kwargs)


class BaseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class EstablishForm(BaseForm):
    code = forms.CharField(label=_("Mã tổ chức"), max_length=32)
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại tổ chức"), choices=OrgKind.choices)
    category = forms.ChoiceField(label=_("Loại hình"), choices=Category.choices)
    on = DateField(label=_("Ngày thành lập"), initial=today)
    decision = forms.CharField(label=_("Số quyết định"), required=False, max_length=128)


class RenameForm(BaseForm):
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    on = DateField(label=_("Từ ngày"), initial=today)
    decision = forms.CharField(label=_("Số quyết định"), required=False, max_length=128)


class MoveForm(BaseForm):
    new_parent = forms.ModelChoiceField(label=_("Trực thuộc tổ chức"), queryset=None)
    on = DateField(label=_("Từ ngày"), initial=today)
    decision = forms.CharField(label=_("Số quyết định"), required=False, max_length=128)

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = parents


class DissolveForm(BaseForm):
    on = DateField(label=_("Ngày giải thể"), initial=today)
    decision = forms.CharField(label=_("Số quyết định"), required=False, max_length=128)


class AssignPostForm(BaseForm):
    title = forms.ChoiceField(label=_("Chức vụ"), choices=PostTitle.choices)
    title_text = forms.CharField(label=_("Tên chức vụ cụ thể"), required=False, max_length=255)
    person = forms.ModelChoiceField(
        label=_("Người giữ chức vụ"),
        queryset=None,
        required=False,
        help_text=_("Chọn người đã có trong danh sách, hoặc nhập người mới ở dưới."),
    )
    new_person_name = forms.CharField(label=_("Hoặc: họ tên người mới"), required=False)
    new_person_birth_date = DateField(label=_("Ngày sinh người mới"), required=False)
    new_person_gender = forms.ChoiceField(
        label=_("Giới tính người mới"),
        required=False,
        choices=[("", "—"), ("male", _("Nam")), ("female", _("Nữ"))],
    )
    locality = forms.ModelChoiceField(label=_("Thôn, bản"), queryset=None, required=False)
    on = DateField(label=_("Từ ngày"), initial=today)
    decision = forms.CharField(label=_("Số quyết định"), required=False, max_length=128)

    def __init__(self, *args, people, localities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["locality"].queryset = localities

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("new_person_name"):
            raise forms.ValidationError(_("Chọn một người, hoặc nhập họ tên người mới."))
        if data.get("new_person_name") and not (
            data.get("new_person_birth_date") and data.get("new_person_gender")
        ):
            raise forms.ValidationError(_("Người mới cần ngày sinh và giới tính."))
        return data


class EndPostForm(BaseForm):
    on = DateField(label=_("Thôi giữ chức vụ từ ngày"), initial=today)
    decision = forms.CharField(label=_("Số quyết định"), required=False, max_length=128)


class MeetingDayForm(BaseForm):
    day = forms.IntegerField(
        label=_("Ngày sinh hoạt hằng tháng"),
        required=False,
        min_value=1,
        max_value=28,
        help_text=_("Để trống: theo quy định chung của tỉnh, huyện."),
    )
