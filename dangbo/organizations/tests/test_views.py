"""The tree and organization pages."""

from datetime import date

import pytest
from django.urls import reverse

from dangbo.organizations.models import Organization
from dangbo.testing import make_member

pytestmark = pytest.mark.django_db


def test_tree_shows_member_counts_of_each_subtree(client, commune):
    make_member(commune.committee_cell, "Nguyễn Văn Cơ Quan")
    client.force_login(commune.admin)
    response = client.get(reverse("organizations:tree"))
    forest = response.context["forest"]
    root = forest[0]
    assert root["org"].member_total == 6
    by_code = {c["org"].code: c for c in root["children"]}
    assert by_code["XA-NADON"]["org"].member_total == 3
    assert by_code["XA-CQ"]["org"].member_total == 1
    assert by_code["XA-CQ"]["children"][0]["org"].member_total == 1


def test_tree_children_are_in_vietnamese_order(client, commune):
    from dangbo.testing import make_org

    for code, name in [
        ("XA-U", "Chi bộ Ủy ban"),
        ("XA-V", "Chi bộ Văn phòng xã"),
        ("XA-D", "Chi bộ Đoàn thể"),
        ("XA-E", "Chi bộ Dân vận"),
    ]:
        make_org(code, commune.root, category="party_agency", name=name)
    client.force_login(commune.admin)
    root = client.get(reverse("organizations:tree")).context["forest"][0]
    names = [c["org"].name for c in root["children"] if c["org"].kind == "cell"]
    assert names.index("Chi bộ Dân vận") < names.index("Chi bộ Đoàn thể")
    assert names.index("Chi bộ Ủy ban") < names.index("Chi bộ Văn phòng xã")


def test_organization_page_lists_posts_members_and_children(client, commune):
    client.force_login(commune.admin)
    body = client.get(reverse("organizations:detail", args=["XA-NADON"])).content.decode()
    assert "Lò Văn Ánh" in body and "Tòng Thị Xuân" in body
    body = client.get(reverse("organizations:detail", args=["XA"])).content.decode()
    assert "Chi bộ bản Nà Đon" in body and "Đảng bộ các cơ quan xã" in body


def test_staff_establish_a_cell_through_the_form(client, commune):
    client.force_login(commune.admin)
    url = reverse("organizations:establish", args=["XA"])
    data = {
        "code": "xa-moi",
        "name": "Chi bộ bản Mới",
        "kind": "cell",
        "category": "locality",
        "on": "01/10/2025",
    }
    assert "Xác nhận và ghi" in client.post(url, data).content.decode()
    response = client.post(url, {**data, "_xac_nhan": "1"})
    assert response.status_code == 302
    org = Organization.objects.get(code="XA-MOI")
    assert org.parent == commune.root and org.established_on == date(2025, 10, 1)


def test_dissolving_a_cell_with_members_is_refused_on_the_form(client, commune):
    client.force_login(commune.admin)
    url = reverse("organizations:dissolve", args=["XA-NADON"])
    response = client.post(url, {"on": "01/10/2025", "_xac_nhan": "1"})
    assert "còn 3 đảng viên" in response.content.decode()
    commune.na_don.refresh_from_db()
    assert commune.na_don.dissolved_on is None


def test_a_secretary_cannot_reorganize(client, commune):
    client.force_login(commune.secretary_na_don)
    assert client.get(reverse("organizations:move", args=["XA-NADON"])).status_code == 403


def test_tree_queries_do_not_grow_with_the_tree(client, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangbo.testing import make_org

    client.force_login(commune.admin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("organizations:tree"))
        return len(ctx)

    few = count()
    for i in range(25):
        cell = make_org(f"XA-N{i}", commune.root, name=f"Chi bộ bản Mới {i}")
        make_member(cell, f"Lò Văn Mới {i}")
    assert count() == few


def test_subtree_totals_sum_descendants(commune):
    from dangbo.organizations.selectors import subtree_member_totals

    make_member(commune.committee_cell, "Nguyễn Văn Cơ Quan")
    ids = [commune.root.pk, commune.committee.pk, commune.na_don.pk, commune.police.pk]
    totals = subtree_member_totals(ids, date.today())
    assert totals == {
        commune.root.pk: 6,
        commune.committee.pk: 1,
        commune.na_don.pk: 3,
        commune.police.pk: 0,
    }


def test_staff_set_a_cells_meeting_day(client, commune):
    client.force_login(commune.admin)
    url = reverse("organizations:meeting_day", args=["XA-NADON"])
    assert client.post(url, {"day": "10", "_xac_nhan": "1"}).status_code == 302
    commune.na_don.refresh_from_db()
    assert commune.na_don.meeting_day == 10
    body = client.post(url, {"day": "31"}).content.decode()
    assert "28" in body  # a day every month has
