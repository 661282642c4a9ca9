"""The member list, the profile and the action forms, as users meet them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.core.choices import Role
from dangbo.members.models import Member, MemberEvent
from dangbo.testing import make_member, make_user

D = date
pytestmark = pytest.mark.django_db


def names_on(response):
    return [m.person.full_name for m in response.context["page"].object_list]


def test_search_ignores_diacritics_and_case(client, commune):
    client.force_login(commune.admin)
    response = client.get(reverse("members:list"), {"q": "lo van anh"})
    assert names_on(response) == ["Lò Văn Ánh"]
    response = client.get(reverse("members:list"), {"q": "GIANG  a bi"})
    assert names_on(response) == ["Giàng A Bí"]
    response = client.get(reverse("members:list"), {"q": "xuan tong"})  # any word order
    assert names_on(response) == ["Tòng Thị Xuân"]


def test_search_by_card_number(client, commune):
    Member.objects.filter(pk=commune.member_na_bo.pk).update(card_number="12.345678")
    client.force_login(commune.admin)
    response = client.get(reverse("members:list"), {"q": " 12.345678 "})
    assert names_on(response) == ["Giàng A Bí"]


def test_list_is_in_vietnamese_name_order(client, commune):
    client.force_login(commune.admin)
    response = client.get(reverse("members:list"))
    # Given names: Ánh, Bí, Khằm, Páo, Xuân.
    assert names_on(response) == [
        "Lò Văn Ánh",
        "Giàng A Bí",
        "Lường Văn Khằm",
        "Sùng Seo Páo",
        "Tòng Thị Xuân",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"org": "na_bo"}, ["Giàng A Bí", "Sùng Seo Páo"]),
        ({"gender": "female"}, ["Tòng Thị Xuân"]),
        ({"ethnicity": "minority"}, ["Giàng A Bí", "Tòng Thị Xuân"]),
        ({"ethnicity": "mong"}, ["Giàng A Bí"]),
        ({"status": "exempt"}, ["Lò Văn Ánh"]),
        ({"status": "left"}, ["Lường Văn Khằm"]),
        ({"age": "over-60"}, ["Sùng Seo Páo"]),
        ({"theory": "intermediate"}, ["Tòng Thị Xuân"]),
        ({"education": "lower_secondary"}, ["Giàng A Bí"]),
    ],
)
def test_filters(client, commune, params, expected):
    from dangbo.members import services

    services.start_exemption(commune.member_na_don, actor=None, on=D(2024, 1, 1), reason="Ốm")
    secretary = Member.objects.get(person__full_name="Lường Văn Khằm")
    services.transfer_out(secretary, actor=None, on=D(2024, 2, 1), destination="Xã khác")
    page = Member.objects.get(person__full_name="Sùng Seo Páo").person
    page.birth_date = D(1950, 1, 1)
    page.save()
    xuan = commune.plain_member.person
    xuan.political_theory = "intermediate"
    xuan.save()
    bi = commune.member_na_bo.person
    bi.general_education = "lower_secondary"
    bi.save()
    if params.get("org") == "na_bo":
        params = {"org": commune.na_bo.code}
    client.force_login(commune.admin)
    assert names_on(client.get(reverse("members:list"), params)) == expected


def test_htmx_requests_get_only_the_results(client, commune):
    client.force_login(commune.admin)
    response = client.get(reverse("members:list"), {"q": "xuan"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Tòng Thị Xuân" in body and "<html" not in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_member_list_queries_do_not_grow_with_rows(client, commune):
    client.force_login(commune.admin)
    url = reverse("members:list")
    few = _queries(client, url)
    for i in range(30):
        make_member(commune.na_don if i % 2 else commune.na_bo, f"Lò Văn Thêm {i}")
    many = _queries(client, url)
    assert many == few
    assert few <= 10


def test_member_profile_queries_do_not_grow_with_history(client, commune):
    from dangbo.members import services

    client.force_login(commune.admin)
    member = commune.member_na_don
    url = reverse("members:detail", args=[member.pk])
    few = _queries(client, url)
    for year in range(2012, 2020):
        services.start_exemption(member, actor=None, on=D(year, 1, 1), reason="Ốm")
        services.end_exemption(member, actor=None, on=D(year, 6, 1))
        services.move(
            member, actor=None, to=commune.na_don if year % 2 else commune.na_bo, on=D(year, 9, 1)
        )
    many = _queries(client, url)
    assert many == few
    assert few <= 14


def test_profile_shows_the_timeline(client, commune):
    client.force_login(commune.admin)
    body = client.get(reverse("members:detail", args=[commune.member_na_don.pk])).content.decode()
    assert "01/03/2010" in body and "Kết nạp vào Đảng" in body
    assert "01/03/2011" in body and "Công nhận đảng viên chính thức" in body


def test_sensitive_fields_only_for_roles_that_need_them(client, commune):
    person = commune.member_na_don.person
    person.national_id = "012345678901"
    person.save()
    url = reverse("members:detail", args=[commune.member_na_don.pk])
    client.force_login(commune.admin)
    assert "012345678901" in client.get(url).content.decode()
    office = make_user("vanphong", Role.OFFICE, commune.root)
    client.force_login(office)
    assert "012345678901" not in client.get(url).content.decode()


def test_an_action_asks_for_confirmation_then_records_the_event(client, commune):
    client.force_login(commune.admin)
    member = commune.member_na_don
    url = reverse("members:action", args=[member.pk, "chuyen-chi-bo"])
    data = {"to": commune.na_bo.pk, "effective_on": "15/03/2025", "decision_number": "12-QĐ/ĐU"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Xác nhận và ghi" in response.content.decode()
    assert not MemberEvent.objects.filter(member=member, kind="moved").exists()
    response = client.post(url, {**data, "_xac_nhan": "1"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organization == commune.na_bo
    event = MemberEvent.objects.get(member=member, kind="moved")
    assert event.effective_on == D(2025, 3, 15) and event.actor == commune.admin


def test_a_refused_action_shows_the_reason_and_changes_nothing(client, commune):
    client.force_login(commune.admin)
    member = commune.member_na_don
    url = reverse("members:action", args=[member.pk, "mien-sinh-hoat"])
    before = MemberEvent.objects.count()
    response = client.post(url, {"reason": "Ốm", "effective_on": "01/01/2005", "_xac_nhan": "1"})
    assert response.status_code == 200
    assert "Không thể ghi" in response.content.decode()
    assert MemberEvent.objects.count() == before


def test_an_impossible_action_is_refused_before_the_confirmation_page(client, commune):
    client.force_login(commune.admin)
    member = commune.member_na_don
    url = reverse("members:action", args=[member.pk, "mien-sinh-hoat"])
    before = MemberEvent.objects.count()
    response = client.post(url, {"reason": "Ốm", "effective_on": "01/01/2005"})
    body = response.content.decode()
    assert "Xác nhận và ghi" not in body
    assert "bắt đầu sinh hoạt tại đảng bộ từ ngày 01/03/2010" in body
    assert response.context["form"].errors["effective_on"]
    assert MemberEvent.objects.count() == before


def test_bad_dates_get_a_vietnamese_message(client, commune):
    client.force_login(commune.admin)
    url = reverse("members:action", args=[commune.member_na_don.pk, "mien-sinh-hoat"])
    response = client.post(url, {"reason": "Ốm", "effective_on": "31/02/2024"})
    assert "Ngày không hợp lệ" in response.content.decode()


def test_secretaries_may_read_but_not_change(client, commune):
    client.force_login(commune.secretary_na_don)
    url = reverse("members:action", args=[commune.member_na_don.pk, "chuyen-chi-bo"])
    assert client.get(url).status_code == 403
    body = client.get(reverse("members:detail", args=[commune.member_na_don.pk])).content
    assert "member-actions" not in body.decode()


def test_create_a_member_by_admission(client, commune):
    client.force_login(commune.admin)
    response = client.post(
        reverse("members:create"),
        {
            "full_name": "  Lò   Thị Mới ",
            "birth_date": "02/09/2000",
            "gender": "female",
            "ethnicity": "thai",
            "general_education": "upper_secondary",
            "professional": "none",
            "political_theory": "none",
            "work_status": "working",
            "arrival": "admitted",
            "organization": commune.na_don.pk,
            "effective_on": "19/05/2025",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member = Member.objects.get(person__full_name="Lò Thị Mới")
    assert member.organization == commune.na_don and member.official_on is None
    assert member.events.get().kind == "admitted"


def test_create_refuses_an_underage_admission_and_writes_nothing(client, commune):
    client.force_login(commune.admin)
    before = Member.objects.count()
    response = client.post(
        reverse("members:create"),
        {
            "full_name": "Lò Văn Nhỏ",
            "birth_date": "02/09/2012",
            "gender": "male",
            "ethnicity": "thai",
            "general_education": "primary",
            "professional": "none",
            "political_theory": "none",
            "work_status": "working",
            "arrival": "admitted",
            "organization": commune.na_don.pk,
            "effective_on": "19/05/2025",
        },
    )
    assert "phải đủ 18 tuổi" in response.content.decode()
    assert Member.objects.count() == before
    from dangbo.members.models import Person

    assert not Person.objects.filter(full_name="Lò Văn Nhỏ").exists()
