from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from dangbo.core.actions import confirm_and_do
from dangbo.core.choices import Action
from dangbo.core.db import today
from dangbo.core.scope import can, is_unrestricted, restrict, top_grants
from dangbo.core.text import collation_key
from dangbo.members import services as member_services
from dangbo.members.models import Member, MembershipPeriod, Person
from dangbo.members.selectors import covering, status_counts

from . import forms, services
from .choices import ALLOWED_PARENT_KINDS, LOCALITY_POSTS, OrgKind
from .models import Locality, Organization, Post
from .selectors import (
    TREE_PAGE_LIMIT,
    alive_at,
    current_posts,
    subtree_member_totals,
    tree_nodes,
)


def _org(request, org_code: str, action: str = Action.VIEW) -> Organization:
    """The organization if the user may see it (404 otherwise), and may do ``action`` (403)."""
    org = get_object_or_404(restrict(Organization.objects.all(), request.user), code=org_code)
    if action != Action.VIEW and not can(request.user, action, org):
        raise PermissionDenied
    return org


def tree(request):
    """Cây tổ chức: every organization the user may see, with members present today."""
    on = today()
    visible = restrict(Organization.objects.all(), request.user)
    if is_unrestricted(request.user):
        roots = list(Organization.objects.filter(parent__isnull=True))
    else:
        roots = list(
            Organization.objects.filter(
                pk__in=[g.organization_id for g in top_grants(request.user)]
            )
        )
    nodes, truncated = [], False
    for root in roots:
        found, cut = tree_nodes(root, visible, on)
        nodes.extend(found)
        truncated = truncated or cut
    return render(
        request,
        "organizations/tree.html",
        {
            "forest": _nest(nodes),
            "on": on,
            "truncated": truncated,
            "limit": TREE_PAGE_LIMIT,
        },
    )


def _nest(nodes: list[Organization]) -> list[dict]:
    """Turn the flat, path-ordered list into nested dicts for the template (display only)."""
    by_id = {n.pk: {"org": n, "children": []} for n in nodes}
    forest = []
    kind_order = {kind: i for i, kind in enumerate(OrgKind.values)}
    for node in nodes:
        parent = by_id.get(node.parent_id)
        (parent["children"] if parent else forest).append(by_id[node.pk])
    for item in by_id.values():
        item["children"].sort(
            key=lambda c: (kind_order[c["org"].kind], collation_key(c["org"].name))
        )
    return forest


def detail(request, org_code: str):
    """Trang tổ chức: details, posts, members present today, children, names over time."""
    org = _org(request, org_code)
    on = today()
    user = request.user
    children = list(
        restrict(Organization.objects.all(), user)
        .filter(parent=org)
        .filter(alive_at(on))
        .order_by("pk")[:TREE_PAGE_LIMIT]
    )
    totals = subtree_member_totals([c.pk for c in children], on)
    for child in children:
        child.member_total = totals[child.pk]
    children.sort(key=lambda child: collation_key(child.name))
    members = []
    if org.holds_members:
        present = MembershipPeriod.objects.filter(covering(on), organization=org)
        members = list(
            restrict(Member.objects.all(), user)
            .filter(pk__in=present.values("member_id"))
            .select_related("person")
            .order_by("person__sort_key")
        )
    context = {
        "org": org,
        "on": on,
        "counts": status_counts(org, on),
        "posts": current_posts(org, on),
        "children": children,
        "members": members,
        "names": org.names.order_by("valid_from"),
        "placements": org.placements.select_related("parent").order_by("valid_from"),
        "localities": restrict(Locality.objects.filter(cell=org), user),
        "locality_count": restrict(Locality.objects.filter(committee=org), user).count(),
        "can_manage": can(user, Action.MANAGE_ORGANIZATIONS, org),
        "can_add_child": any(org.kind in parents for parents in ALLOWED_PARENT_KINDS.values()),
    }
    return render(request, "organizations/detail.html", context)


def establish(request, org_code: str):
    parent = _org(request, org_code, Action.MANAGE_ORGANIZATIONS)
    form = forms.EstablishForm(request.POST or None)
    return confirm_and_do(
        request,
        form,
        title=f"Thành lập tổ chức trực thuộc {parent.name}",
        subject=parent,
        perform=lambda d: services.establish(
            actor=request.user,
            code=d["code"],
            name=d["name"],
            kind=d["kind"],
            category=d["category"],
            parent=parent,
            on=d["on"],
            decision=d["decision"],
        ),
        success_url=lambda org: org.get_absolute_url(),
        success_message="Đã thành lập tổ chức.",
    )


def rename(request, org_code: str):
    org = _org(request, org_code, Action.MANAGE_ORGANIZATIONS)
    form = forms.RenameForm(request.POST or None, initial={"name": org.name})
    return confirm_and_do(
        request,
        form,
        title="Đổi tên tổ chức",
        subject=org,
        perform=lambda d: services.rename(
            org, actor=request.user, name=d["name"], on=d["on"], decision=d["decision"]
        ),
        success_url=org.get_absolute_url(),
        success_message="Đã đổi tên tổ chức.",
    )


def move(request, org_code: str):
    org = _org(request, org_code, Action.MANAGE_ORGANIZATIONS)
    parents = (
        restrict(Organization.objects.all(), request.user, Action.MANAGE_ORGANIZATIONS)
        .filter(kind__in=ALLOWED_PARENT_KINDS[org.kind])
        .filter(alive_at(today()))
        .exclude(path__startswith=org.path)
        .exclude(pk=org.parent_id)
        .order_by("name")
    )
    form = forms.MoveForm(request.POST or None, parents=parents)
    return confirm_and_do(
        request,
        form,
        title="Chuyển trực thuộc (sắp xếp tổ chức)",
        subject=org,
        perform=lambda d: services.move(
            org,
            actor=request.user,
            new_parent=d["new_parent"],
            on=d["on"],
            decision=d["decision"],
        ),
        success_url=org.get_absolute_url(),
        success_message="Đã chuyển tổ chức.",
        warning="Toàn bộ tổ chức trực thuộc và đảng viên đi theo; số liệu các ngày trước vẫn giữ nguyên.",
    )


def dissolve(request, org_code: str):
    org = _org(request, org_code, Action.MANAGE_ORGANIZATIONS)
    form = forms.DissolveForm(request.POST or None)
    return confirm_and_do(
        request,
        form,
        title="Giải thể tổ chức",
        subject=org,
        perform=lambda d: services.dissolve(
            org, actor=request.user, on=d["on"], decision=d["decision"]
        ),
        success_url=org.get_absolute_url(),
        success_message="Đã giải thể tổ chức.",
        warning="Chỉ giải thể được khi không còn đảng viên và tổ chức trực thuộc đang hoạt động.",
    )


def assign_post(request, org_code: str):
    org = _org(request, org_code, Action.MANAGE_ORGANIZATIONS)
    people = (
        restrict(Person.objects.all(), request.user)
        .filter(
            Q(member__organization__path__startswith=org.path)
            | Q(residence__cell=org)
            | Q(residence__committee=org)
        )
        .order_by("sort_key")
    )
    localities = restrict(Locality.objects.all(), request.user).filter(
        Q(cell=org) | Q(committee=org)
    )
    form = forms.AssignPostForm(request.POST or None, people=people, localities=localities)

    def perform(d):
        person = d["person"]
        if person is None:
            person = member_services.create_person(
                actor=request.user,
                full_name=d["new_person_name"],
                birth_date=d["new_person_birth_date"],
                gender=d["new_person_gender"],
                residence=d["locality"],
            )
        return services.assign_post(
            actor=request.user,
            person=person,
            title=d["title"],
            on=d["on"],
            organization=None if d["title"] in LOCALITY_POSTS else org,
            locality=d["locality"],
            title_text=d["title_text"],
            decision=d["decision"],
        )

    return confirm_and_do(
        request,
        form,
        title="Giao chức vụ",
        subject=org,
        perform=perform,
        success_url=org.get_absolute_url(),
        success_message="Đã ghi nhận chức vụ.",
    )


def end_post(request, post_pk: int):
    post = get_object_or_404(
        restrict(Post.objects.all(), request.user).select_related(
            "organization", "locality", "person"
        ),
        pk=post_pk,
    )
    place = post.organization or post.locality.cell or post.locality.committee
    if not can(request.user, Action.MANAGE_ORGANIZATIONS, place):
        raise PermissionDenied
    form = forms.EndPostForm(request.POST or None)
    return confirm_and_do(
        request,
        form,
        title=f"Thôi chức vụ: {post}",
        subject=place,
        perform=lambda d: services.end_post(
            post, actor=request.user, on=d["on"], decision=d["decision"]
        ),
        success_url=place.get_absolute_url(),
        success_message="Đã ghi nhận thôi chức vụ.",
    )


def localities(request):
    """Thôn, bản, tổ dân phố: each with its cell (if any) and its heads today, by pages."""
    on = today()
    rows = (
        restrict(Locality.objects.all(), request.user)
        .select_related("cell", "committee")
        .order_by("name", "pk")
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    heads = (
        restrict(Post.objects.all(), request.user)
        .filter(locality__in=list(page.object_list), started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .select_related("person", "person__member")
    )
    by_locality: dict[int, list[Post]] = {}
    for post in heads:
        by_locality.setdefault(post.locality_id, []).append(post)
    items = [{"locality": loc, "posts": by_locality.get(loc.pk, [])} for loc in page.object_list]
    return render(
        request, "organizations/localities.html", {"items": items, "on": on, "page": page}
    )


def meeting_day(request, org_code: str):
    """Đặt ngày sinh hoạt hằng tháng của chi bộ (kế hoạch cả năm theo ngày này)."""
    org = _org(request, org_code, Action.MANAGE_ORGANIZATIONS)
    form = forms.MeetingDayForm(request.POST or None, initial={"day": org.meeting_day})
    return confirm_and_do(
        request,
        form,
        title="Ngày sinh hoạt hằng tháng",
        subject=org,
        perform=lambda d: services.set_meeting_day(org, actor=request.user, day=d["day"]),
        success_url=org.get_absolute_url(),
        success_message="Đã đặt ngày sinh hoạt.",
    )
