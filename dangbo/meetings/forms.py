from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangbo.core.db import today
from dangbo.organizations.forms import BaseForm, DateField

from .choices import MeetingKind

TIME_FORMATS = ["%H:%M", "%H.%M", "%Hh%M", "%H:%M:%S"]


class TimeField(forms.TimeField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", TIME_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.TimeInput(format="%H:%M", attrs={"placeholder": "19:30", "inputmode": "numeric"}),
        )
        kwargs.setdefault("error_messages", {"invalid": _("Giờ không hợp lệ; nhập dạng 19:30.")})
        super().__init__(*args, **kwargs)


def _aware(day, clock) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


class ScheduleForm(BaseForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=MeetingKind.choices)
    day = DateField(label=_("Ngày"), initial=today)
    time = TimeField(label=_("Giờ"), initial="19:30")
    title = forms.CharField(label=_("Nội dung chính"), required=False, max_length=255)
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=255)
    agenda = forms.CharField(
        label=_("Chương trình (mỗi dòng một nội dung)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def scheduled_at(self) -> datetime:
        return _aware(self.cleaned_data["day"], self.cleaned_data["time"])


class PlanYearForm(BaseForm):
    year = forms.IntegerField(
        label=_("Năm"), min_value=2000, max_value=2100, initial=lambda: today().year
    )


class CancelForm(BaseForm):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=255)


class HeldForm(BaseForm):
    day = DateField(label=_("Ngày họp"))
    start = TimeField(label=_("Bắt đầu lúc"))
    end = TimeField(label=_("Kết thúc lúc"))
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=255)
    chair = forms.ModelChoiceField(label=_("Chủ trì"), queryset=None, required=False)
    secretary = forms.ModelChoiceField(label=_("Thư ký"), queryset=None, required=False)
    upper_attendee = forms.ModelChoiceField(
        label=_("Cấp ủy viên cấp trên dự"), queryset=None, required=False
    )
    electronic_materials = forms.BooleanField(
        label=_("Có trình chiếu, tài liệu điện tử"), required=False
    )

    def __init__(self, *args, people, upper_people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people
        self.fields["secretary"].queryset = people
        self.fields["upper_attendee"].queryset = upper_people

    def times(self) -> tuple[datetime, datetime]:
        """Start and end; an end earlier than the start is past midnight, the next day."""
        d = self.cleaned_data
        start, end = _aware(d["day"], d["start"]), _aware(d["day"], d["end"])
        if end <= start:
            end = _aware(d["day"] + timedelta(days=1), d["end"])
        return start, end


class MinutesForm(BaseForm):
    agenda = forms.CharField(
        label=_("Chương trình (mỗi dòng một nội dung)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    minutes = forms.CharField(
        label=_("Diễn biến cuộc họp"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    votes = forms.CharField(
        label=_("Biểu quyết"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Mỗi dòng: nội dung | tán thành | không tán thành | không biểu quyết. "
            "Ví dụ: Thông qua nghị quyết tháng | 12 | 0 | 0"
        ),
    )
    resolution = forms.CharField(
        label=_("Nghị quyết, kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def clean_votes(self) -> list[tuple[str, int, int, int]]:
        rows = []
        for n, line in enumerate(self.cleaned_data["votes"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 4 or not all(p.isdigit() for p in parts[1:]):
                raise forms.ValidationError(
                    _(
                        "Dòng %(n)s: cần dạng «nội dung | số tán thành | số không tán thành | "
                        "số không biểu quyết»."
                    )
                    % {"n": n}
                )
            rows.append((parts[0], int(parts[1]), int(parts[2]), int(parts[3])))
        return rows


class DocumentForm(BaseForm):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255)
    file = forms.FileField(label=_("Tệp"), required=False)
    sent_electronically = forms.BooleanField(
        label=_("Đã gửi qua mạng (email, Zalo...)"), required=False, initial=True
    )
    sent_day = DateField(label=_("Ngày gửi"), initial=today)
