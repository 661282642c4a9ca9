"""Template filters for Vietnamese number formats: {{ n|vn_number }}, {{ x|vn_percent }}."""

from django import template

from dangbo.reports.formatting import vn_number as _vn_number
from dangbo.reports.formatting import vn_percent as _vn_percent

register = template.Library()


@register.filter
def vn_number(value):
    return "" if value is None else _vn_number(value)


@register.filter
def vn_percent(value):
    return _vn_percent(value)
