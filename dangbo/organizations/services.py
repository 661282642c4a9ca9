"""Every write to the organization tree, its names and its posts.

Each function is a verb with a keyword-only ``actor``, runs in one transaction, validates first
and changes nothing when it refuses (``DomainError``), and writes an audit entry. Changes to the
tree itself (establish, rename, dissolve, move) are serialized by the tree lock; posts lock their
own rows.
"""

from datetime import date

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr

from dangbo.core.audit import audit
from dangbo.core.db import lock_tree, today
from dangbo.core.errors import DomainError
from dangbo.core.text import normalize_spaces, vn_date

from .choices import (
    ALLOWED_PARENT_KINDS,
    LOCALITY_POSTS,
    SINGLE_HOLDER_POSTS,
    Category,
    OrgKind,
    PostTitle,
)
from .models import Locality, Organization, OrganizationName, OrganizationPlacement, Post
from .selectors import subtree


def _check_not_future(on: date) -> None:
    if on > today():
        raise DomainError(
            f"Ngày {vn_date(on)} ở tương lai; chỉ ghi những việc đã xảy ra.", field="on"
        )


def _check_parent(kind: str, parent: Organization | None, on: date) -> None:
    allowed = ALLOWED_PARENT_KINDS[kind]
    label = OrgKind(kind).label
    if parent is None:
        if allowed:
            raise DomainError(f"{label} phải có tổ chức cấp trên.", field="parent")
        return
    if parent.kind not in allowed:
        raise DomainError(
            f"{label} không thể trực thuộc {OrgKind(parent.kind).label.lower()} «{parent.name}».",
            field="parent",
        )
    if not parent.is_alive(on):
        raise DomainError(
            f"Tổ chức cấp trên «{parent.name}» không hoạt động vào ngày {vn_date(on)}.",
            field="parent",
        )


@transaction.atomic
def establish(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    category: str = Category.OTHER,
    parent: Organization | None,
    on: date,
    note: str = "",
    decision: str = "",
) -> Organization:
    """Thành lập: create an organization under ``parent`` from ``on``."""
    lock_tree()
    code = normalize_spaces(code).upper()
    name = normalize_spaces(name)
    if not code or not name:
        raise DomainError("Mã và tên tổ chức là bắt buộc.", field="code" if not code else "name")
    if Organization.objects.filter(code=code).exists():
        raise DomainError(f"Mã tổ chức «{code}» đã được dùng.", field="code")
    _check_not_future(on)
    if parent is not None:
        parent = Organization.objects.get(pk=parent.pk)
    _check_parent(kind, parent, on)
    org = Organization.objects.create(
        code=code,
        name=name,
        kind=kind,
        category=category,
        parent=parent,
        established_on=on,
        note=note,
        path="",
        depth=0,
    )
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    OrganizationName.objects.create(organization=org, name=name, valid_from=on)
    OrganizationPlacement.objects.create(
        organization=org, parent=parent, path=org.path, valid_from=on
    )
    audit(actor, "organization.establish", org, code=code, parent=parent, on=on, decision=decision)
    return org


@transaction.atomic
def rename(org: Organization, *, actor, name: str, on: date, decision: str = "") -> Organization:
    """Đổi tên: the new name holds from ``on``; the old one stays true for earlier dates."""
    lock_tree()
    org = Organization.objects.get(pk=org.pk)
    name = normalize_spaces(name)
    if not name:
        raise DomainError("Tên mới là bắt buộc.", field="name")
    _check_not_future(on)
    if not org.is_alive(on):
        raise DomainError(f"«{org.name}» không hoạt động vào ngày {vn_date(on)}.", field="on")
    current = org.names.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current and on < current.valid_from:
        raise DomainError(
            f"Tên hiện tại được dùng từ ngày {vn_date(current.valid_from)}; "
            "ngày đổi tên không thể sớm hơn.",
            field="on",
        )
    if current and current.name == name:
        raise DomainError("Tên mới trùng với tên hiện tại.", field="name")
    old = org.name
    if current and current.valid_from == on:
        current.name = name
        current.save(update_fields=["name"])
    else:
        if current:
            current.valid_to = on
            current.save(update_fields=["valid_to"])
        OrganizationName.objects.create(organization=org, name=name, valid_from=on)
    org.name = name
    org.save(update_fields=["name"])
    audit(actor, "organization.rename", org, old=old, new=name, on=on, decision=decision)
    return org


@transaction.atomic
def dissolve(org: Organization, *, actor, on: date, decision: str = "") -> Organization:
    """Giải thể: refused while members or live sub-organizations remain; posts end with it."""
    from dangbo.members.models import MembershipPeriod

    lock_tree()
    org = Organization.objects.get(pk=org.pk)
    _check_not_future(on)
    if org.dissolved_on is not None:
        raise DomainError(f"«{org.name}» đã giải thể ngày {vn_date(org.dissolved_on)}.")
    if on <= org.established_on:
        raise DomainError("Ngày giải thể phải sau ngày thành lập.", field="on")
    staying = (
        MembershipPeriod.objects.filter(organization__in=subtree(org))
        .filter(Q(end__isnull=True) | Q(end__gt=on))
        .values("member")
        .distinct()
        .count()
    )
    if staying:
        raise DomainError(
            f"«{org.name}» còn {staying} đảng viên sinh hoạt vào hoặc sau ngày {vn_date(on)}; "
            "hãy chuyển họ sang chi bộ khác trước khi giải thể.",
            code="has_members",
        )
    live_children = Organization.objects.filter(parent=org).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
    )
    if live_children.exists():
        names = ", ".join(live_children.values_list("name", flat=True)[:5])
        raise DomainError(
            f"«{org.name}» còn tổ chức trực thuộc đang hoạt động ({names}); "
            "hãy chuyển hoặc giải thể chúng trước.",
            code="has_children",
        )
    org.dissolved_on = on
    org.save(update_fields=["dissolved_on"])
    org.names.filter(valid_to__isnull=True).update(valid_to=on)
    org.placements.filter(valid_to__isnull=True).update(valid_to=on)
    ended = org.posts.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).update(ended_on=on)
    Locality.objects.filter(cell=org).update(cell=None)
    audit(actor, "organization.dissolve", org, on=on, decision=decision, posts_ended=ended)
    return org


@transaction.atomic
def move(
    org: Organization, *, actor, new_parent: Organization, on: date, decision: str = ""
) -> Organization:
    """Chuyển trực thuộc: move ``org`` and its whole subtree under ``new_parent`` from ``on``.

    The placements valid before ``on`` are closed, not rewritten, so every question about an
    earlier date still sees the old tree.
    """
    lock_tree()
    org = Organization.objects.get(pk=org.pk)
    new_parent = Organization.objects.get(pk=new_parent.pk)
    _check_not_future(on)
    if new_parent.path.startswith(org.path):
        raise DomainError(
            f"Không thể chuyển «{org.name}» vào chính nó hoặc tổ chức trực thuộc nó.",
            field="new_parent",
        )
    if org.parent_id == new_parent.pk:
        raise DomainError(f"«{org.name}» đã trực thuộc «{new_parent.name}».", field="new_parent")
    if not org.is_alive(on):
        raise DomainError(f"«{org.name}» không hoạt động vào ngày {vn_date(on)}.", field="on")
    _check_parent(org.kind, new_parent, on)
    nodes = subtree(org).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
    latest = (
        OrganizationPlacement.objects.filter(organization__in=subtree(org), valid_to__isnull=True)
        .order_by("-valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    if latest and on < latest:
        raise DomainError(
            f"Cây tổ chức này đã thay đổi ngày {vn_date(latest)}; ngày chuyển không thể sớm hơn.",
            field="on",
        )
    old_prefix, new_prefix = org.path, f"{new_parent.path}{org.pk}/"
    depth_change = new_parent.depth + 1 - org.depth
    node_ids = list(nodes.values_list("pk", flat=True))
    OrganizationPlacement.objects.filter(
        organization_id__in=node_ids, valid_to__isnull=True
    ).update(valid_to=on)
    rows = Organization.objects.filter(pk__in=node_ids).values_list("pk", "parent_id", "path")
    OrganizationPlacement.objects.bulk_create(
        OrganizationPlacement(
            organization_id=pk,
            parent_id=new_parent.pk if pk == org.pk else parent_id,
            path=new_prefix + path[len(old_prefix) :],
            valid_from=on,
        )
        for pk, parent_id, path in rows
    )
    # Current paths of the whole subtree, dissolved nodes included, in one UPDATE.
    subtree(org).update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
        depth=F("depth") + depth_change,
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    audit(
        actor,
        "organization.move",
        org,
        old_path=old_prefix,
        new_parent=new_parent,
        on=on,
        decision=decision,
    )
    return org


@transaction.atomic
def assign_post(
    *,
    actor,
    person,
    title: str,
    on: date,
    organization: Organization | None = None,
    locality: Locality | None = None,
    title_text: str = "",
    decision: str = "",
) -> Post:
    """Bổ nhiệm / bầu: ``person`` (member or not) holds ``title`` from ``on``."""
    _check_not_future(on)
    if organization is not None:
        organization = Organization.objects.get(pk=organization.pk)
    if title in LOCALITY_POSTS and locality is None:
        raise DomainError(
            f"Chức vụ «{PostTitle(title).label}» cần chọn thôn, bản.", field="locality"
        )
    if title not in LOCALITY_POSTS and organization is None:
        raise DomainError(
            f"Chức vụ «{PostTitle(title).label}» cần chọn tổ chức.", field="organization"
        )
    if organization is not None and not organization.is_alive(on):
        raise DomainError(
            f"«{organization.name}» không hoạt động vào ngày {vn_date(on)}.", field="on"
        )
    if person.birth_date and on < person.birth_date:
        raise DomainError("Ngày nhận chức vụ trước ngày sinh.", field="on")
    place = Q(organization=organization, locality=locality)
    open_posts = (
        Post.objects.select_for_update()
        .filter(place, title=title)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    )
    if open_posts.filter(person=person).exists():
        raise DomainError(f"{person.full_name} đang giữ chức vụ này.", field="person")
    if title in SINGLE_HOLDER_POSTS:
        holder = open_posts.select_related("person").first()
        if holder is not None:
            raise DomainError(
                f"Chức vụ «{PostTitle(title).label}» đang do {holder.person.full_name} đảm nhiệm "
                f"từ ngày {vn_date(holder.started_on)}; hãy kết thúc nhiệm vụ đó trước.",
                field="person",
            )
    post = Post.objects.create(
        person=person,
        title=title,
        title_text=normalize_spaces(title_text),
        organization=organization,
        locality=locality,
        started_on=on,
        decision=decision,
    )
    audit(actor, "post.assign", post, on=on, decision=decision)
    return post


@transaction.atomic
def end_post(post: Post, *, actor, on: date, decision: str = "") -> Post:
    """Thôi giữ chức vụ từ ``on``."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    _check_not_future(on)
    if post.ended_on is not None:
        raise DomainError(f"Chức vụ này đã kết thúc ngày {vn_date(post.ended_on)}.")
    if on <= post.started_on:
        raise DomainError(
            f"Ngày kết thúc phải sau ngày nhận chức vụ ({vn_date(post.started_on)}).", field="on"
        )
    post.ended_on = on
    post.save(update_fields=["ended_on"])
    audit(actor, "post.end", post, on=on, decision=decision)
    return post


@transaction.atomic
def add_locality(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    committee: Organization,
    cell: Organization | None = None,
) -> Locality:
    """Ghi nhận một thôn, bản, tổ dân phố của xã, gắn với chi bộ của nó nếu có."""
    code = normalize_spaces(code).upper()
    if Locality.objects.filter(code=code).exists():
        raise DomainError(f"Mã thôn, bản «{code}» đã được dùng.", field="code")
    if committee.kind != OrgKind.COMMUNE_COMMITTEE:
        raise DomainError("Thôn, bản phải thuộc một đảng bộ xã.", field="committee")
    if cell is not None and not cell.path.startswith(committee.path):
        raise DomainError("Chi bộ của thôn, bản phải thuộc đảng bộ xã đó.", field="cell")
    locality = Locality.objects.create(
        code=code, name=normalize_spaces(name), kind=kind, committee=committee, cell=cell
    )
    audit(actor, "locality.add", locality, cell=cell)
    return locality


@transaction.atomic
def correct_details(
    org: Organization, *, actor, name: str | None = None, category: str | None = None
) -> Organization:
    """Sửa sai thông tin tổ chức (a misspelt name, a wrong category): not a dated rename, so the
    name is corrected for its whole current period; the field history keeps the old value."""
    lock_tree()
    org = Organization.objects.get(pk=org.pk)
    old = {"name": org.name, "category": org.category}
    if name:
        name = normalize_spaces(name)
        org.name = name
        org.names.filter(valid_to__isnull=True).update(name=name)
    if category:
        if category not in Category.values:
            raise DomainError("Loại hình không hợp lệ.", field="category")
        org.category = category
    org.save(update_fields=["name", "category"])
    audit(actor, "organization.correct", org, old=old, name=name, category=category)
    return org


@transaction.atomic
def set_meeting_day(org: Organization, *, actor, day: int | None) -> Organization:
    """Ngày sinh hoạt hằng tháng của chi bộ (None: theo quy định chung)."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if day is not None and not 1 <= day <= 28:
        raise DomainError("Ngày sinh hoạt phải từ 1 đến 28 (tháng nào cũng có).", field="day")
    old = org.meeting_day
    org.meeting_day = day
    org.save(update_fields=["meeting_day"])
    audit(actor, "organization.meeting_day", org, old=old, new=day)
    return org
