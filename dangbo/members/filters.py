"""The member list's filters: one FilterSet for the page (and, later, the export and the API)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.db import today
from dangbo.core.text import search_terms

from .choices import (
    AGE_BAND_LABELS,
    AGE_BANDS,
    Ethnicity,
    Gender,
    GeneralEducation,
    MemberState,
    PoliticalTheory,
    Professional,
)
from .models import Member
from .selectors import birth_date_range

STATUS_CHOICES = [
    ("probationary", _("Dự bị")),
    ("official", _("Chính thức")),
    ("exempt", _("Miễn sinh hoạt")),
    ("away", _("Đang sinh hoạt tạm thời nơi khác")),
    ("guest", _("Sinh hoạt tạm thời tại đây")),
    ("left", _("Đã ra khỏi đảng bộ")),
]
MINORITY = "minority"
ORG_SELECT_LIMIT = 150


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm theo tên, số thẻ, CCCD"))
    org = django_filters.ModelChoiceFilter(
        queryset=None,
        to_field_name="code",
        method="in_subtree",
        label=_("Tổ chức"),
        empty_label=_("Tất cả"),
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="by_status",
        label=_("Tình trạng"),
        empty_label=_("Đang sinh hoạt"),
    )
    gender = django_filters.ChoiceFilter(
        field_name="person__gender",
        choices=Gender.choices,
        label=_("Giới tính"),
        empty_label=_("Tất cả"),
    )
    age = django_filters.ChoiceFilter(
        choices=[(key, AGE_BAND_LABELS[key]) for key, _low, _high in AGE_BANDS],
        method="by_age",
        label=_("Độ tuổi"),
        empty_label=_("Tất cả"),
    )
    ethnicity = django_filters.ChoiceFilter(
        choices=[(MINORITY, _("Dân tộc thiểu số")), *Ethnicity.choices],
        method="by_ethnicity",
        label=_("Dân tộc"),
        empty_label=_("Tất cả"),
    )
    education = django_filters.ChoiceFilter(
        field_name="person__general_education",
        choices=GeneralEducation.choices,
        label=_("Giáo dục phổ thông"),
        empty_label=_("Tất cả"),
    )
    professional = django_filters.ChoiceFilter(
        field_name="person__professional",
        choices=Professional.choices,
        label=_("Chuyên môn"),
        empty_label=_("Tất cả"),
    )
    theory = django_filters.ChoiceFilter(
        field_name="person__political_theory",
        choices=PoliticalTheory.choices,
        label=_("Lý luận chính trị"),
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def __init__(self, data=None, *args, organizations, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["org"].queryset = organizations
        if organizations.count() > ORG_SELECT_LIMIT:
            # A province-sized scope: a select of thousands would bloat every page.
            self.form.fields["org"].widget = forms.TextInput(
                attrs={"placeholder": _("Mã tổ chức, ví dụ BL-B01")}
            )
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        self.form.fields["q"].widget.attrs.update(
            {"placeholder": _("Ví dụ: nguyen van a"), "type": "search", "autocomplete": "off"}
        )

    @property
    def qs(self):
        qs = super().qs
        status = self.form.cleaned_data.get("status")
        if not status:  # "Đang sinh hoạt": the members the committee counts
            qs = qs.filter(state=MemberState.ACTIVE)
        return qs

    def search(self, queryset, name, value):
        terms = search_terms(value)
        if not terms:
            return queryset
        compact = value.strip().replace(" ", "")
        by_name = Q()
        for term in terms:
            by_name &= Q(person__search_name__contains=term)
        return queryset.filter(by_name | Q(card_number=compact) | Q(person__national_id=compact))

    def in_subtree(self, queryset, name, value):
        return queryset.filter(organization__path__startswith=value.path) if value else queryset

    def by_status(self, queryset, name, value):
        return {
            "probationary": queryset.filter(official_on__isnull=True, state=MemberState.ACTIVE),
            "official": queryset.filter(official_on__isnull=False, state=MemberState.ACTIVE),
            "exempt": queryset.filter(is_exempt=True),
            "away": queryset.filter(is_away=True),
            "guest": queryset.filter(state=MemberState.GUEST),
            "left": queryset.exclude(state__in=[MemberState.ACTIVE, MemberState.GUEST]),
        }.get(value, queryset)

    def by_age(self, queryset, name, value):
        for key, low, high in AGE_BANDS:
            if key == value:
                earliest, latest = birth_date_range(low, high, today())
                qs = queryset.filter(person__birth_date__lte=latest)
                return qs.filter(person__birth_date__gte=earliest) if earliest else qs
        return queryset

    def by_ethnicity(self, queryset, name, value):
        if value == MINORITY:
            return queryset.exclude(person__ethnicity=Ethnicity.KINH)
        return queryset.filter(person__ethnicity=value)
