from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from dangbo.core.actions import confirm_and_do, put_on_form
from dangbo.core.choices import Action
from dangbo.core.db import today
from dangbo.core.errors import DomainError
from dangbo.core.scope import can, restrict
from dangbo.organizations.models import Locality, Organization, Post
from dangbo.organizations.selectors import alive_at, member_holding

from . import forms, services
from .actions import ACTIONS, BY_SLUG
from .filters import MemberFilter
from .models import Member
from .selectors import age_on, party_age_years, periods_of, rows_for_list, timeline


def _member(request, member_pk: int, action: str = Action.VIEW) -> Member:
    member = get_object_or_404(
        restrict(Member.objects.select_related("person", "organization"), request.user),
        pk=member_pk,
    )
    if action != Action.VIEW and not can(request.user, action, member):
        raise PermissionDenied
    return member


def _target_cells(user):
    """Cells a user may place members in: alive today, within their management scope."""
    return (
        member_holding(restrict(Organization.objects.all(), user, Action.MANAGE_MEMBERS))
        .filter(alive_at(today()))
        .order_by("name")
    )


def member_list(request):
    """Danh sách đảng viên: search without diacritics, filters, Vietnamese name order, pages."""
    visible_orgs = restrict(Organization.objects.all(), request.user).order_by("path")
    flt = MemberFilter(
        request.GET,
        queryset=restrict(Member.objects.all(), request.user),
        organizations=visible_orgs,
    )
    page_size = settings.DANGBO["PAGE_SIZE"]
    page = Paginator(rows_for_list(flt.qs), page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": flt,
        "page": page,
        "querystring": query.urlencode(),
        "on": today(),
        "can_create": can(request.user, Action.MANAGE_MEMBERS),
    }
    template = "members/_results.html" if request.htmx else "members/list.html"
    return render(request, template, context)


def detail(request, member_pk: int):
    """Hồ sơ đảng viên: the person, the membership, the timeline of events."""
    member = _member(request, member_pk)
    user = request.user
    services.record_profile_view(member, viewer=user)
    on = today()
    actions = []
    if can(user, Action.MANAGE_MEMBERS, member):
        actions = [a for a in ACTIONS if a.shown(member)]
    context = {
        "member": member,
        "person": member.person,
        "on": on,
        "age": age_on(member.person.birth_date, on),
        "party_age": party_age_years(member, on) if member.admitted_on else None,
        "events": timeline(member),
        "periods": periods_of(member),
        "posts": Post.objects.filter(person=member.person)
        .select_related("organization", "locality")
        .order_by("-started_on"),
        "sensitive": can(user, Action.VIEW_SENSITIVE, member),
        "actions": actions,
        "can_edit": can(user, Action.MANAGE_MEMBERS, member),
    }
    return render(request, "members/detail.html", context)


def lifecycle_action(request, member_pk: int, action: str):
    """One lifecycle action on a member, through the confirm-then-do flow."""
    spec = BY_SLUG.get(action)
    if spec is None:
        raise Http404
    member = _member(request, member_pk, Action.MANAGE_MEMBERS)
    kwargs = {}
    if spec.needs_organizations:
        cells = _target_cells(request.user)
        if spec.slug == "chuyen-chi-bo":
            cells = cells.exclude(pk=member.organization_id)
        kwargs["organizations"] = cells
    form = spec.form(request.POST or None, **kwargs)
    return confirm_and_do(
        request,
        form,
        title=spec.label,
        subject=member,
        perform=lambda d: spec.perform(member, request.user, d),
        success_url=member.get_absolute_url(),
        success_message=f"Đã ghi: {spec.label.lower()} — {member.person.full_name}.",
        warning="Thao tác này kết thúc sinh hoạt của đảng viên tại đảng bộ."
        if spec.danger and spec.slug in {"chuyen-di", "xoa-ten", "khai-tru", "tu-tran"}
        else "",
    )


def create(request):
    """Thêm đảng viên: a new person who is admitted, transferred in or temporarily here."""
    if not can(request.user, Action.MANAGE_MEMBERS):
        raise PermissionDenied
    localities = restrict(Locality.objects.all(), request.user)
    form = forms.NewMemberForm(
        request.POST or None, organizations=_target_cells(request.user), localities=localities
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        person_fields = {name: d[name] for name in forms.PersonForm.Meta.fields}
        try:
            member = _create_member(request.user, person_fields, d)
        except DomainError as error:
            put_on_form(form, error)
        else:
            messages.success(request, f"Đã thêm đảng viên {member.person.full_name}.")
            return redirect(member.get_absolute_url())
    return render(request, "members/create.html", {"form": form})


def _create_member(actor, person_fields: dict, d: dict) -> Member:
    from django.db import transaction

    with transaction.atomic():
        person = services.create_person(actor=actor, **person_fields)
        if d["arrival"] == forms.ARRIVAL_ADMITTED:
            return services.admit(
                person,
                actor=actor,
                organization=d["organization"],
                on=d["effective_on"],
                decision_number=d["decision_number"],
            )
        if d["arrival"] == forms.ARRIVAL_TRANSFERRED:
            return services.receive_transfer(
                person,
                actor=actor,
                organization=d["organization"],
                on=d["effective_on"],
                admitted_on=d["admitted_on"],
                official_on=d["official_on"],
                card_number=d["card_number"],
                origin=d["origin"],
                decision_number=d["decision_number"],
            )
        return services.receive_temporary(
            person,
            actor=actor,
            organization=d["organization"],
            on=d["effective_on"],
            admitted_on=d["admitted_on"],
            official_on=d["official_on"],
            origin=d["origin"],
        )


def edit_person(request, member_pk: int):
    """Sửa thông tin cá nhân của đảng viên (lưu lịch sử từng trường)."""
    member = _member(request, member_pk, Action.MANAGE_MEMBERS)
    form = forms.PersonForm(
        request.POST or None,
        instance=member.person,
        localities=restrict(Locality.objects.all(), request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(member.person, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            put_on_form(form, error)
        else:
            messages.success(request, "Đã lưu thông tin cá nhân.")
            return redirect(member.get_absolute_url())
    return render(
        request,
        "members/edit_person.html",
        {"form": form, "member": member, "cancel_url": reverse("members:detail", args=[member.pk])},
    )
