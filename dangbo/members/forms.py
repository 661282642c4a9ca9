"""Forms of the member registry: the person's details, a new member, each lifecycle action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dangbo.core.db import today
from dangbo.organizations.forms import BaseForm, DateField

from .choices import DisciplineForm
from .models import Person
from .services import PERSON_FIELDS


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        field_classes = {"birth_date": DateField}

    def __init__(self, *args, localities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if localities is not None:
            self.fields["residence"].queryset = localities
        from dangbo.core.forms import bootstrapify

        bootstrapify(self)

    def _post_clean(self):
        # Uniqueness and the rest are checked by the service, with Vietnamese messages.
        pass


ARRIVAL_ADMITTED = "admitted"
ARRIVAL_TRANSFERRED = "transferred_in"
ARRIVAL_TEMPORARY = "temporary_in"


class NewMemberForm(PersonForm):
    """A person and how they arrive: admitted here, transferred in, or temporarily here."""

    arrival = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (ARRIVAL_ADMITTED, _("Kết nạp mới tại đảng bộ")),
            (ARRIVAL_TRANSFERRED, _("Chuyển sinh hoạt chính thức đến")),
            (ARRIVAL_TEMPORARY, _("Sinh hoạt tạm thời đến")),
        ],
    )
    organization = forms.ModelChoiceField(label=_("Chi bộ"), queryset=None)
    effective_on = DateField(label=_("Ngày kết nạp / ngày đến"), initial=today)
    admitted_on = DateField(label=_("Ngày vào Đảng (người chuyển đến)"), required=False)
    official_on = DateField(label=_("Ngày chính thức (nếu đã chính thức)"), required=False)
    card_number = forms.CharField(label=_("Số thẻ đảng viên"), required=False, max_length=20)
    origin = forms.CharField(label=_("Nơi chuyển đến từ"), required=False, max_length=255)
    decision_number = forms.CharField(label=_("Số quyết định"), required=False, max_length=64)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].widget.attrs["class"] = "form-select"
        from dangbo.core.forms import bootstrapify

        bootstrapify(self)

    def clean(self):
        data = super().clean()
        if data.get("arrival") != ARRIVAL_ADMITTED and not data.get("admitted_on"):
            self.add_error("admitted_on", _("Cần ngày vào Đảng của đảng viên chuyển đến."))
        return data


class ActionForm(BaseForm):
    effective_on = DateField(label=_("Ngày hiệu lực"), initial=today)
    decision_number = forms.CharField(
        label=_("Số quyết định / nghị quyết"), required=False, max_length=64
    )
    decision_date = DateField(label=_("Ngày quyết định"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(ActionForm):
    to = forms.ModelChoiceField(label=_("Chuyển đến chi bộ"), queryset=None)
    field_order = ["to", "effective_on"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = organizations


class OrganizationActionForm(ActionForm):
    """Actions that need a destination cell (readmission, return by transfer)."""

    organization = forms.ModelChoiceField(label=_("Chi bộ"), queryset=None)
    field_order = ["organization", "effective_on"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class TransferOutForm(ActionForm):
    destination = forms.CharField(label=_("Chuyển đến (đảng bộ, địa chỉ)"), max_length=255)
    field_order = ["destination", "effective_on"]


class TemporaryOutForm(ActionForm):
    destination = forms.CharField(label=_("Nơi sinh hoạt tạm thời"), required=False, max_length=255)


class RecognizeForm(ActionForm):
    card_number = forms.CharField(label=_("Số thẻ đảng viên"), required=False, max_length=20)


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Lý do"), max_length=255)
    field_order = ["reason", "effective_on"]


class DisciplineActionForm(ActionForm):
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineForm.choices)
    reason = forms.CharField(label=_("Nội dung vi phạm"), max_length=255)
    field_order = ["form", "reason", "effective_on"]
