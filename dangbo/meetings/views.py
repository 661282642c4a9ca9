"""Pages of meetings: lists and calendars, the meeting record, the minutes, the roll call."""

import calendar
from datetime import date, datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from dangbo.core.actions import confirm_and_do, put_on_form
from dangbo.core.choices import Action
from dangbo.core.db import today
from dangbo.core.errors import DomainError
from dangbo.core.scope import can, is_staff_user, restrict
from dangbo.members.models import Member, Person
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import member_holding

from . import forms, services
from .choices import AttendanceStatus, MeetingStatus
from .models import Attendance, Document, Meeting
from .selectors import (
    meeting_day,
    meetings_in,
    month_overview,
    roll_call_open,
    roster,
    summary,
    visible_on_roster,
)


def _meeting(request, meeting_pk: int, action: str = Action.VIEW) -> Meeting:
    meeting = get_object_or_404(
        restrict(
            Meeting.objects.select_related("organization", "chair", "secretary", "upper_attendee"),
            request.user,
        ),
        pk=meeting_pk,
    )
    if action != Action.VIEW and not can(request.user, action, meeting.organization):
        raise PermissionDenied
    return meeting


def _org(request, org_code: str, action: str = Action.VIEW) -> Organization:
    org = get_object_or_404(restrict(Organization.objects.all(), request.user), code=org_code)
    if action != Action.VIEW and not can(request.user, action, org):
        raise PermissionDenied
    return org


def _month(request) -> tuple[int, int]:
    text = request.GET.get("thang", "")
    try:
        year, month = (int(x) for x in text.split("-"))
        date(year, month, 1)
    except ValueError:
        return today().year, today().month
    return year, month


def _shift(year: int, month: int, by: int) -> str:
    month += by
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return f"{year}-{month:02d}"


def meeting_list(request):
    """Các cuộc họp trong tháng, trong phạm vi của người dùng."""
    year, month = _month(request)
    start = date(year, month, 1)
    end = date(year, month, calendar.monthrange(year, month)[1])
    orgs = restrict(Organization.objects.all(), request.user)
    meetings = (
        meetings_in(orgs, start, date.fromordinal(end.toordinal() + 1))
        .select_related("organization")
        .order_by("scheduled_at")
    )
    cells = member_holding(
        restrict(Organization.objects.all(), request.user, Action.MANAGE_MEETINGS)
    ).filter(dissolved_on__isnull=True)
    return render(
        request,
        "meetings/list.html",
        {
            "meetings": meetings,
            "month": start,
            "previous": _shift(year, month, -1),
            "next": _shift(year, month, 1),
            "cells": cells.order_by("name")[:60],
            "may_overview": can(request.user, Action.MANAGE_MEETINGS)
            or is_staff_user(request.user),
        },
    )


def overview(request):
    """Tổng hợp sinh hoạt: every cell's month at a glance (held, late, missing; attendance)."""
    if not (can(request.user, Action.MANAGE_MEETINGS) or is_staff_user(request.user)):
        raise PermissionDenied  # commune staff (Ủy ban Kiểm tra too) and those who run meetings
    year, month = _month(request)
    cells = member_holding(restrict(Organization.objects.all(), request.user)).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=date(year, month, 1))
    )
    from django.conf import settings

    rows = month_overview(cells, year, month, meeting_day=settings.DANGBO["MEETING_DAY"])
    counts = {
        state: sum(1 for r in rows if r.state == state) for state in ("held", "late", "missing")
    }
    return render(
        request,
        "meetings/overview.html",
        {
            "rows": rows,
            "counts": counts,
            "month": date(year, month, 1),
            "previous": _shift(year, month, -1),
            "next": _shift(year, month, 1),
        },
    )


def org_calendar(request, org_code: str):
    """Lịch sinh hoạt của một chi bộ trong năm."""
    org = _org(request, org_code)
    try:
        year = int(request.GET.get("nam", today().year))
    except ValueError:
        year = today().year
    meetings = restrict(
        Meeting.objects.filter(organization=org, scheduled_at__year=year), request.user
    ).order_by("scheduled_at")
    return render(
        request,
        "meetings/calendar.html",
        {
            "org": org,
            "year": year,
            "meetings": meetings,
            "can_manage": can(request.user, Action.MANAGE_MEETINGS, org),
        },
    )


def plan_year(request, org_code: str):
    org = _org(request, org_code, Action.MANAGE_MEETINGS)
    form = forms.PlanYearForm(request.POST or None, initial={"year": today().year})
    return confirm_and_do(
        request,
        form,
        title="Lập kế hoạch sinh hoạt cả năm",
        subject=org,
        perform=lambda d: services.plan_year(org, actor=request.user, year=d["year"]),
        success_url=reverse("meetings:org_calendar", args=[org.code]),
        success_message="Đã lập kế hoạch sinh hoạt.",
        cancel_url=reverse("meetings:org_calendar", args=[org.code]),
        warning="Mỗi tháng một buổi sinh hoạt thường kỳ vào ngày quy định, mỗi quý một buổi "
        "chuyên đề (giữa quý). Các tháng đã có lịch hoặc đã qua được giữ nguyên.",
    )


def schedule(request, org_code: str):
    org = _org(request, org_code, Action.MANAGE_MEETINGS)
    form = forms.ScheduleForm(request.POST or None)
    return confirm_and_do(
        request,
        form,
        title="Lên lịch cuộc họp",
        subject=org,
        perform=lambda d: services.schedule(
            org,
            actor=request.user,
            kind=d["kind"],
            scheduled_at=form.scheduled_at(),
            title=d["title"],
            place=d["place"],
            agenda=d["agenda"],
        ),
        success_url=lambda m: m.get_absolute_url(),
        success_message="Đã lên lịch.",
        cancel_url=reverse("meetings:org_calendar", args=[org.code]),
    )


def detail(request, meeting_pk: int):
    """Trang cuộc họp: thông tin, điểm danh, phát biểu, biểu quyết, tài liệu, biên bản."""
    meeting = _meeting(request, meeting_pk)
    user = request.user
    entries = roster(meeting)
    visible = visible_on_roster(entries, user)
    marks = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    people = [
        {"entry": e, "mark": marks.get(e.member_id)} for e in entries if e.member_id in visible
    ]
    manage = can(user, Action.MANAGE_MEETINGS, meeting.organization)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "people": people,
            "summary": summary(meeting, entries),
            "votes": meeting.votes.all(),
            "documents": meeting.documents.annotate(opened=Count("opens")),
            "can_manage": manage and not meeting.is_locked,
            "can_roll_call": manage and roll_call_open(meeting),
            "can_approve": manage and meeting.status == MeetingStatus.HELD,
            "can_print": manage,
            "statuses": AttendanceStatus,
        },
    )


def edit(request, meeting_pk: int):
    meeting = _meeting(request, meeting_pk, Action.MANAGE_MEETINGS)
    local = timezone.localtime(meeting.scheduled_at)
    form = forms.ScheduleForm(
        request.POST or None,
        initial={
            "kind": meeting.kind,
            "day": local.date(),
            "time": local.time(),
            "title": meeting.title,
            "place": meeting.place,
            "agenda": meeting.agenda,
        },
    )
    return confirm_and_do(
        request,
        form,
        title="Sửa lịch cuộc họp",
        subject=meeting,
        perform=lambda d: services.update(
            meeting,
            actor=request.user,
            kind=d["kind"],
            scheduled_at=form.scheduled_at(),
            title=d["title"],
            place=d["place"],
            agenda=d["agenda"],
        ),
        success_url=meeting.get_absolute_url(),
        success_message="Đã sửa lịch.",
    )


def cancel(request, meeting_pk: int):
    meeting = _meeting(request, meeting_pk, Action.MANAGE_MEETINGS)
    form = forms.CancelForm(request.POST or None)
    return confirm_and_do(
        request,
        form,
        title="Hủy cuộc họp",
        subject=meeting,
        perform=lambda d: services.cancel(meeting, actor=request.user, reason=d["reason"]),
        success_url=meeting.get_absolute_url(),
        success_message="Đã hủy cuộc họp.",
    )


def _people(meeting: Meeting):
    ids = [e.member_id for e in roster(meeting)]
    return Person.objects.filter(member__in=ids).order_by("sort_key")


def held(request, meeting_pk: int):
    """Ghi nhận cuộc họp đã diễn ra."""
    meeting = _meeting(request, meeting_pk, Action.MANAGE_MEETINGS)
    upper = (
        Person.objects.filter(
            posts__organization__in=Organization.objects.filter(
                pk__in=meeting.organization.ancestor_ids
            ),
            posts__ended_on__isnull=True,
        )
        .distinct()
        .order_by("sort_key")
    )
    local = timezone.localtime(meeting.scheduled_at)
    form = forms.HeldForm(
        request.POST or None,
        people=_people(meeting),
        upper_people=upper,
        initial={
            "day": local.date(),
            "start": local.time(),
            "place": meeting.place,
            "chair": meeting.chair,
            "secretary": meeting.secretary,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        started, ended = form.times()
        try:
            result = services.record_held(
                meeting,
                actor=request.user,
                started_at=started,
                ended_at=ended,
                place=d["place"],
                chair=d["chair"],
                secretary=d["secretary"],
                upper_attendee=d["upper_attendee"],
                electronic_materials=d["electronic_materials"],
            )
        except DomainError as error:
            put_on_form(form, error)
        else:
            for warning in result.warnings:
                messages.warning(request, warning)
            messages.success(request, "Đã ghi nhận cuộc họp.")
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting, "title": "Ghi nhận cuộc họp đã diễn ra"},
    )


def minutes(request, meeting_pk: int):
    """Soạn biên bản: chương trình, diễn biến, biểu quyết, ý kiến phát biểu, nghị quyết."""
    meeting = _meeting(request, meeting_pk, Action.MANAGE_MEETINGS)
    excused = list(
        Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.EXCUSED)
        .select_related("member__person")
        .order_by("member__person__sort_key")
    )
    speakers = list(
        Attendance.objects.filter(meeting=meeting, spoke=True)
        .select_related("member__person")
        .order_by("member__person__sort_key")
    )
    votes = "\n".join(
        f"{v.item} | {v.votes_for} | {v.votes_against} | {v.abstentions}"
        for v in meeting.votes.all()
    )
    form = forms.MinutesForm(
        request.POST or None,
        initial={
            "agenda": meeting.agenda,
            "minutes": meeting.minutes,
            "resolution": meeting.resolution,
            "votes": votes,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        speeches = {
            a.member_id: request.POST.get(f"speech-{a.member_id}", "").strip() for a in speakers
        }
        try:
            services.save_minutes(
                meeting,
                actor=request.user,
                minutes=d["minutes"],
                resolution=d["resolution"],
                agenda=d["agenda"],
                votes=d["votes"],
                speeches=speeches,
                reasons={
                    a.member_id: request.POST.get(f"reason-{a.member_id}", "").strip()
                    for a in excused
                },
            )
        except DomainError as error:
            put_on_form(form, error)
        else:
            messages.success(request, "Đã lưu biên bản.")
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/minutes.html",
        {"form": form, "meeting": meeting, "speakers": speakers, "excused": excused},
    )


def approve(request, meeting_pk: int):
    meeting = _meeting(request, meeting_pk, Action.MANAGE_MEETINGS)
    form = forms.forms.Form(request.POST or None)
    return confirm_and_do(
        request,
        form,
        title="Duyệt biên bản (khóa hồ sơ cuộc họp)",
        subject=meeting,
        perform=lambda d: services.approve(meeting, actor=request.user),
        success_url=meeting.get_absolute_url(),
        success_message="Đã duyệt biên bản.",
        warning="Sau khi duyệt, biên bản và điểm danh không sửa được nữa.",
    )


def add_document(request, meeting_pk: int):
    meeting = _meeting(request, meeting_pk, Action.MANAGE_MEETINGS)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        sent_at = timezone.make_aware(datetime.combine(d["sent_day"], time(7, 0)))
        try:
            services.add_document(
                meeting,
                actor=request.user,
                title=d["title"],
                file=d["file"],
                sent_electronically=d["sent_electronically"],
                sent_at=sent_at,
            )
        except DomainError as error:
            put_on_form(form, error)
        else:
            messages.success(request, "Đã thêm tài liệu.")
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting, "title": "Thêm tài liệu họp", "multipart": True},
    )


def document(request, document_pk: int):
    """Tải tài liệu; a member who opens it is counted as having read it."""
    doc = get_object_or_404(
        restrict(Document.objects.select_related("meeting"), request.user), pk=document_pk
    )
    if not doc.file:
        raise Http404
    member = Member.objects.filter(person__user=request.user).first()
    if member is not None:
        services.record_document_open(doc, member=member)
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1]
    )


def rollcall(request, meeting_pk: int):
    """Điểm danh: the offline-first screen (a PWA page); without JavaScript, a plain form."""
    meeting = _meeting(request, meeting_pk, Action.MANAGE_MEETINGS)
    is_open = roll_call_open(meeting)
    if request.method == "POST":
        if not is_open:
            messages.error(request, "Điểm danh đã khóa hoặc chưa đến ngày họp.")
            return redirect(meeting.get_absolute_url())
        # Only what the person changed on this form: re-sending every mark stamped "now" would
        # override newer marks a phone synced since the form was loaded.
        current = {
            a.member_id: (a.status, a.spoke) for a in Attendance.objects.filter(meeting=meeting)
        }
        marks = {}
        for entry in roster(meeting):
            status = request.POST.get(f"status-{entry.member_id}")
            if status and not entry.exempt:
                mark = (status, request.POST.get(f"spoke-{entry.member_id}") == "1")
                if current.get(entry.member_id) != mark:
                    marks[entry.member_id] = mark
        results = services.record_marks(meeting, actor=request.user, marks=marks)
        applied = sum(1 for r in results if r["outcome"] == "applied")
        messages.success(request, f"Đã ghi {applied} người.")
        return redirect(meeting.get_absolute_url())
    marks = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    return render(
        request,
        "meetings/rollcall.html",
        {
            "meeting": meeting,
            "is_open": is_open,
            "opens_on": meeting_day(meeting),
            "entries": [{"entry": e, "mark": marks.get(e.member_id)} for e in roster(meeting)],
            "statuses": AttendanceStatus,
        },
    )


# -- papers and the phone calendar ------------------------------------------------------------
from django.contrib.auth.decorators import login_not_required  # noqa: E402


def minutes_docx(request, meeting_pk: int):
    """Biên bản (Word): the minutes filled in from the record, to print or edit in Word."""
    from django.http import HttpResponse

    from . import minutes as minutes_doc

    meeting = _meeting(request, meeting_pk, Action.MANAGE_MEETINGS)  # the whole roll call
    response = HttpResponse(
        minutes_doc.render_minutes(meeting, visible_to=request.user),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{minutes_doc.filename(meeting)}"'
    return response


def signin_sheet(request, meeting_pk: int):
    """Danh sách ký tên: the printable paper fallback of the roll call."""
    from . import minutes as minutes_doc

    meeting = _meeting(request, meeting_pk, Action.MANAGE_MEETINGS)  # the whole roll call
    entries = roster(meeting)
    shown = visible_on_roster(entries, request.user)
    upper_name, org_name = minutes_doc.header_names(meeting)
    start = meeting.started_at or meeting.scheduled_at
    day = timezone.localtime(start).date()
    return render(
        request,
        "meetings/signin_sheet.html",
        {
            "meeting": meeting,
            "entries": [e for e in entries if e.member_id in shown],
            "total": len(entries),
            "expected": sum(1 for e in entries if not e.exempt),
            "upper_name": upper_name,
            "org_name": org_name,
            "place_name": minutes_doc.place_name(meeting),
            "date_line": minutes_doc.vn_date(day),
            "subtitle": minutes_doc.meeting_subtitle(meeting),
            "start": start,
            "weekday": minutes_doc.WEEKDAYS[day.weekday()],
        },
    )


def _feed_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token}))


def calendar_link(request):
    """Lịch trên điện thoại: the private address of the user's meeting calendar."""
    import secrets

    from .models import CalendarToken

    if request.method == "POST":
        CalendarToken.objects.update_or_create(
            user=request.user, defaults={"token": secrets.token_urlsafe(24)}
        )
        messages.success(request, "Đã tạo địa chỉ mới; địa chỉ cũ không dùng được nữa.")
        return redirect("meetings:calendar_link")
    token, _created = CalendarToken.objects.get_or_create(
        user=request.user, defaults={"token": secrets.token_urlsafe(24)}
    )
    url = _feed_url(request, token.token)
    return render(
        request,
        "meetings/calendar_link.html",
        {"url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]},
    )


@login_not_required
def calendar_feed(request, token: str):
    """The iCalendar feed behind the private address: no login (calendar apps cannot log in),
    the token is the key. Meetings of the token user's organizations from 60 days ago on."""
    from datetime import timedelta

    from django.http import HttpResponse

    from . import ical
    from .models import CalendarToken

    owner = get_object_or_404(
        CalendarToken.objects.select_related("user"), token=token, user__is_active=True
    ).user
    meetings = (
        restrict(Meeting.objects.select_related("organization"), owner)
        .filter(scheduled_at__gte=timezone.now() - timedelta(days=60))
        .order_by("scheduled_at")
    )
    body = ical.calendar(
        meetings,
        url_of=lambda m: request.build_absolute_uri(m.get_absolute_url()),
        name="Lịch sinh hoạt — Đảng bộ số",
    )
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-sinh-hoat.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
