"""Thống kê: the tables of a report for an organization, a date and optionally a period."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from dangbo.core.choices import Action
from dangbo.core.db import today
from dangbo.core.scope import can, restrict, top_grants
from dangbo.organizations.models import Organization

from .forms import StatisticsForm
from .selectors import member_changes, member_stats
from .tables import change_tables, member_tables, without_sensitive
from .xlsx import tables_workbook


def _report(request):
    """The form and, when it is valid, the organization, dates and tables."""
    visible = restrict(Organization.objects.all(), request.user).order_by("depth", "name")
    data = request.GET.copy()
    if not data.get("org"):
        grant = next(iter(top_grants(request.user)), None)
        default = (
            Organization.objects.filter(pk=grant.organization_id).first()
            if grant
            else visible.first()
        )
        if default is not None:
            data["org"] = default.code
    form = StatisticsForm(data, organizations=visible)
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    org, on = d["org"], d["as_of"]
    stats = member_stats(org, on)
    tables = member_tables(stats)
    changes = None
    if d.get("start"):
        changes = member_changes(org, d["start"], d["end"])
        tables += change_tables(changes, d["start"], d["end"])
    if not can(request.user, Action.VIEW_SENSITIVE, org):
        # Ethnicity and religion are personal data: in a small cell a count can name someone.
        tables = without_sensitive(tables)
    return form, {
        "org": org,
        "on": on,
        "stats": stats,
        "changes": changes,
        "tables": tables,
        "start": d.get("start"),
        "end": d.get("end"),
    }


def statistics(request):
    form, report = _report(request)
    charts = []
    if report:
        charts = [
            {
                "id": f"chart-{t.key}",
                "type": t.chart,
                "title": t.title,
                "labels": [r.label for r in t.rows],
                "values": [r.count for r in t.rows],
            }
            for t in report["tables"]
            if t.chart
        ]
    query = request.GET.urlencode()
    return render(
        request,
        "reports/statistics.html",
        {
            "form": form,
            "report": report,
            "charts": charts,
            "today": today(),
            "query": query,
            "charts_json": json.dumps(charts, ensure_ascii=False),
        },
    )


def statistics_xlsx(request):
    form, report = _report(request)
    if report is None:
        return statistics(request)
    org, on = report["org"], report["on"]
    heading = [f"THỐNG KÊ ĐẢNG VIÊN — {org.name.upper()}", f"Số liệu tại ngày {on:%d/%m/%Y}"]
    if report["start"]:
        heading.append(f"Biến động từ {report['start']:%d/%m/%Y} đến {report['end']:%d/%m/%Y}")
    content = tables_workbook(heading, report["tables"])
    name = f"thong-ke-{slugify(org.code)}-{on:%Y-%m-%d}.xlsx"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
