"""The tree's services: validated, audited, and keeping every dated fact about the past true."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.organizations import services
from dangbo.organizations.choices import Category, OrgKind, PostTitle
from dangbo.organizations.models import Organization, OrganizationPlacement, Post
from dangbo.organizations.selectors import name_at, placement_at, subtree, subtree_ids_at
from dangbo.testing import make_member, make_org, make_person

D = date
pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return make_org(
        "XA", None, kind=OrgKind.COMMUNE_COMMITTEE, category=Category.OTHER, name="Đảng bộ xã Thử"
    )


def test_establish_builds_the_path_and_its_first_dated_facts(root):
    committee = make_org("XA-CQ", root, kind=OrgKind.BASE_COMMITTEE, on=D(2005, 1, 1))
    cell = make_org("XA-CQ-1", committee, on=D(2006, 1, 1))
    assert cell.path == f"/{root.pk}/{committee.pk}/{cell.pk}/"
    assert cell.depth == 2
    assert placement_at(cell, D(2006, 1, 1)).parent == committee
    assert placement_at(cell, D(2005, 12, 31)) is None
    assert AuditEntry.objects.filter(action="organization.establish").count() == 3


@pytest.mark.parametrize(
    ("kind", "parent_kind", "message"),
    [
        (OrgKind.SUB_COMMITTEE, OrgKind.COMMUNE_COMMITTEE, "không thể trực thuộc"),
        (OrgKind.BASE_COMMITTEE, None, "phải có tổ chức cấp trên"),
        (OrgKind.GROUP, OrgKind.COMMUNE_COMMITTEE, "không thể trực thuộc"),
    ],
)
def test_establish_refuses_kinds_in_the_wrong_place(root, kind, parent_kind, message):
    parent = root if parent_kind else None
    with pytest.raises(DomainError, match=message):
        services.establish(
            actor=None, code="XA-X", name="Sai", kind=kind, parent=parent, on=D(2010, 1, 1)
        )
    assert not Organization.objects.filter(code="XA-X").exists()


def test_codes_are_unique_and_human_readable(root):
    make_org("XA-A", root)
    with pytest.raises(DomainError, match="đã được dùng"):
        services.establish(
            actor=None, code="xa-a ", name="Trùng", kind=OrgKind.CELL, parent=root, on=D(2010, 1, 1)
        )


def test_establish_under_a_parent_not_alive_then_is_refused(root):
    with pytest.raises(DomainError, match="không hoạt động"):
        make_org("XA-A", root, on=D(1990, 1, 1))


def test_rename_keeps_the_old_name_for_earlier_dates(root):
    cell = make_org("XA-A", root, name="Chi bộ Trung tâm Y tế", on=D(2004, 1, 1))
    services.rename(cell, actor=None, name="Chi bộ Bệnh viện Đa khoa", on=D(2025, 8, 1))
    assert name_at(cell, D(2025, 7, 31)) == "Chi bộ Trung tâm Y tế"
    assert name_at(cell, D(2025, 8, 1)) == "Chi bộ Bệnh viện Đa khoa"
    with pytest.raises(DomainError, match="không thể sớm hơn"):
        services.rename(cell, actor=None, name="Tên khác", on=D(2020, 1, 1))


def test_move_refuses_cycles_and_wrong_kinds(root):
    committee = make_org("XA-CQ", root, kind=OrgKind.BASE_COMMITTEE)
    sub = make_org("XA-CQ-BP", committee, kind=OrgKind.SUB_COMMITTEE)
    with pytest.raises(DomainError, match="chính nó"):
        services.move(committee, actor=None, new_parent=sub, on=D(2024, 1, 1))
    with pytest.raises(DomainError, match="chính nó"):
        services.move(committee, actor=None, new_parent=committee, on=D(2024, 1, 1))
    cell = make_org("XA-A", root)
    with pytest.raises(DomainError, match="không thể trực thuộc"):
        services.move(committee, actor=None, new_parent=cell, on=D(2024, 1, 1))


def test_moving_a_subtree_rewrites_current_paths_and_keeps_past_placements(root):
    old = make_org("XA-OLD", root, kind=OrgKind.BASE_COMMITTEE)
    new = make_org("XA-NEW", root, kind=OrgKind.BASE_COMMITTEE)
    sub = make_org("XA-OLD-BP", old, kind=OrgKind.SUB_COMMITTEE)
    cell = make_org("XA-OLD-BP-1", sub)
    services.move(sub, actor=None, new_parent=new, on=D(2025, 7, 1))
    cell.refresh_from_db()
    assert cell.path == f"/{root.pk}/{new.pk}/{sub.pk}/{cell.pk}/"
    before = set(subtree_ids_at(old, D(2025, 6, 30)).values_list("organization_id", flat=True))
    after = set(subtree_ids_at(old, D(2025, 7, 1)).values_list("organization_id", flat=True))
    assert before == {old.pk, sub.pk, cell.pk}
    assert after == {old.pk}
    assert set(subtree(new).values_list("pk", flat=True)) == {new.pk, sub.pk, cell.pk}
    assert OrganizationPlacement.objects.filter(organization=cell).count() == 2
    with pytest.raises(DomainError, match="không thể sớm hơn"):
        services.move(sub, actor=None, new_parent=old, on=D(2025, 1, 1))


def test_dissolve_refuses_while_members_or_live_children_remain(root):
    committee = make_org("XA-CQ", root, kind=OrgKind.BASE_COMMITTEE)
    cell = make_org("XA-CQ-1", committee)
    make_member(cell, "Lò Văn Còn", on=D(2015, 1, 1))
    with pytest.raises(DomainError, match="còn 1 đảng viên"):
        services.dissolve(cell, actor=None, on=D(2024, 1, 1))
    other = make_org("XA-CQ2", root, kind=OrgKind.BASE_COMMITTEE)
    empty = make_org("XA-CQ2-1", other)
    with pytest.raises(DomainError, match="còn tổ chức trực thuộc"):
        services.dissolve(other, actor=None, on=D(2024, 1, 1))
    services.dissolve(empty, actor=None, on=D(2024, 1, 1))
    services.dissolve(other, actor=None, on=D(2024, 1, 2))
    empty.refresh_from_db()
    assert empty.dissolved_on == D(2024, 1, 1)
    assert placement_at(empty, D(2023, 12, 31)) is not None
    assert placement_at(empty, D(2024, 1, 1)) is None


def test_posts_may_be_held_by_non_members_and_single_posts_have_one_holder(root):
    cell = make_org("XA-A", root)
    locality = services.add_locality(
        actor=None, code="BAN-A", name="Bản A", kind="ban", committee=root, cell=cell
    )
    outsider = make_person("Vàng A Dính")
    head = services.assign_post(
        actor=None,
        person=outsider,
        title=PostTitle.VILLAGE_HEAD,
        locality=locality,
        on=D(2024, 1, 1),
    )
    assert not hasattr(outsider, "member")
    other = make_person("Sùng A Chứ")
    with pytest.raises(DomainError, match="đang do Vàng A Dính đảm nhiệm"):
        services.assign_post(
            actor=None,
            person=other,
            title=PostTitle.VILLAGE_HEAD,
            locality=locality,
            on=D(2024, 6, 1),
        )
    services.end_post(head, actor=None, on=D(2024, 6, 1))
    services.assign_post(
        actor=None, person=other, title=PostTitle.VILLAGE_HEAD, locality=locality, on=D(2024, 6, 1)
    )
    assert Post.objects.filter(locality=locality, ended_on__isnull=True).get().person == other
    with pytest.raises(DomainError, match="cần chọn thôn, bản"):
        services.assign_post(
            actor=None,
            person=other,
            title=PostTitle.FRONT_COMMITTEE_HEAD,
            organization=cell,
            on=D(2024, 6, 1),
        )


def test_dissolution_ends_the_posts_of_the_organization(root):
    cell = make_org("XA-A", root)
    post = services.assign_post(
        actor=None,
        person=make_person("Lò Văn Bí"),
        title=PostTitle.SECRETARY,
        organization=cell,
        on=D(2020, 1, 1),
    )
    services.dissolve(cell, actor=None, on=D(2024, 1, 1))
    post.refresh_from_db()
    assert post.ended_on == D(2024, 1, 1)


def test_subtree_at_a_date_is_two_queries_whatever_the_depth(root):
    parent = make_org("XA-CQ", root, kind=OrgKind.BASE_COMMITTEE)
    sub = make_org("XA-BP", parent, kind=OrgKind.SUB_COMMITTEE)
    cells = [make_org(f"XA-BP-{i}", sub) for i in range(6)]
    for i, cell in enumerate(cells):
        make_org(f"XA-BP-{i}-T", cell, kind=OrgKind.GROUP)
    with CaptureQueriesContext(connection) as queries:
        ids = list(subtree_ids_at(root, D(2024, 1, 1)).values_list("organization_id", flat=True))
    assert len(ids) == 15
    assert len(queries) == 2  # the root's placement, then one prefix scan
