"""Browser journeys through the Vietnamese UI, as the people who use it.

1. Commune staff search a member without diacritics and move him to another cell.
2. A cell secretary, on a phone, sees only their cell; anything else answers 404.
3. A refused action shows a Vietnamese error and changes nothing.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from dangbo.core.db import today
from dangbo.members.models import Member, MemberEvent

pytestmark = pytest.mark.browser

PASSWORD = "matkhau"


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Through the real login page, as a person would."""
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))


def vn(d) -> str:
    return d.strftime("%d/%m/%Y")


def test_staff_search_without_diacritics_and_move_member(page: Page, commune):
    anh = commune.member_na_don
    on = today()  # Asia/Ho_Chi_Minh
    log_in(page, "canbo")

    page.goto("/dang-vien/")
    results = page.get_by_test_id("member-results")
    expect(results).to_contain_text("Giàng A Bí")  # everyone, before searching

    # Typing updates the list in place (htmx), no page load: the marker survives.
    page.evaluate("window.__sameDocument = true")
    page.locator("#id_q").fill("lo van anh")
    expect(results).not_to_contain_text("Giàng A Bí")
    expect(results).to_contain_text("Lò Văn Ánh")
    expect(page).to_have_url(re.compile(r"[?&]q=lo(\+|%20)van(\+|%20)anh"))
    assert page.evaluate("window.__sameDocument === true")

    results.get_by_role("link", name=re.compile("Lò Văn Ánh")).click()
    expect(page).to_have_url(re.compile(rf"/dang-vien/{anh.pk}/$"))
    expect(page.get_by_test_id("member-name")).to_have_text("Lò Văn Ánh")
    expect(page.get_by_test_id("member-org")).to_have_text("Chi bộ bản Nà Đon")

    page.get_by_test_id("member-actions").get_by_role(
        "link", name="Chuyển sang chi bộ khác"
    ).click()
    to = page.locator("select[name=to]")
    expect(to.locator("option", has_text="Chi bộ bản Nà Đon")).to_have_count(0)  # not to itself
    to.select_option(label="Chi bộ bản Nà Bỏ")
    page.locator("input[name=effective_on]").fill(vn(on))
    page.get_by_role("button", name="Tiếp tục").click()

    summary = page.get_by_test_id("confirm-summary")
    expect(summary).to_contain_text("Chi bộ bản Nà Bỏ")
    expect(summary).to_contain_text(vn(on))
    assert anh.events.filter(kind="moved").count() == 0  # nothing written before confirming
    page.get_by_test_id("confirm").click()

    expect(page).to_have_url(re.compile(rf"/dang-vien/{anh.pk}/$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Đã ghi: chuyển sang chi bộ khác — Lò Văn Ánh"
    )
    expect(page.get_by_test_id("member-org")).to_have_text("Chi bộ bản Nà Bỏ")
    entry = (
        page.get_by_test_id("timeline")
        .locator("li")
        .filter(has_text="Chuyển sang chi bộ khác trong đảng bộ: Chi bộ bản Nà Bỏ")
    )
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(vn(on))
    expect(entry).to_contain_text("Ghi bởi canbo")

    anh.refresh_from_db()
    assert anh.organization_id == commune.na_bo.pk
    moved = MemberEvent.objects.get(member=anh, kind="moved")
    assert moved.organization_id == commune.na_bo.pk
    assert moved.effective_on == on
    assert moved.actor == commune.admin


def test_cell_secretary_on_phone_sees_only_own_cell(phone_page: Page, commune):
    page = phone_page
    na_don_count = Member.objects.filter(organization=commune.na_don, state="active").count()
    all_count = Member.objects.filter(state="active").count()
    assert (na_don_count, all_count) == (3, 5)  # what build_commune makes; guards the test
    log_in(page, "bithu.nadon")

    expect(page.get_by_test_id("count-members")).to_have_text(str(na_don_count))
    expect(page.get_by_test_id("count-cells")).to_have_text("1")

    page.get_by_role("link", name="Tìm đảng viên").click()
    expect(page).to_have_url(re.compile(r"/dang-vien/$"))
    results = page.get_by_test_id("member-results")
    for name in ("Lò Văn Ánh", "Tòng Thị Xuân", "Lường Văn Khằm"):
        expect(results).to_contain_text(name)
    expect(results).not_to_contain_text("Giàng A Bí")
    expect(results).not_to_contain_text("Sùng Seo Páo")
    expect(results).not_to_contain_text("Nà Bỏ")
    expect(page.get_by_test_id("result-count")).to_have_text(f"{na_don_count} đảng viên")

    # The menu is folded on a phone: open it, then go to the organization tree.
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name="Tổ chức đảng").click()
    expect(page).to_have_url(re.compile(r"/to-chuc/$"))
    tree = page.get_by_test_id("org-tree")
    expect(tree).to_contain_text("Chi bộ bản Nà Đon")
    expect(tree).not_to_contain_text("Nà Bỏ")
    expect(page.locator("main")).not_to_contain_text("Nà Bỏ")

    for path in (
        f"/dang-vien/{commune.member_na_bo.pk}/",
        f"/dang-vien/{commune.member_na_bo.pk}/thao-tac/chuyen-chi-bo/",
        "/to-chuc/XA-NABO/",
    ):
        response = page.goto(path)
        assert response is not None and response.status == 404, path
        expect(page).to_have_title(re.compile("^Không tìm thấy"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Không tìm thấy")
        expect(page.locator("body")).not_to_contain_text("Giàng A Bí")


def test_refused_action_shows_vietnamese_error_and_changes_nothing(page: Page, commune):
    anh = commune.member_na_don
    assert anh.official_on is not None and str(anh.admitted_on) == "2010-03-01"
    events_before = anh.events.count()
    log_in(page, "canbo")

    page.goto(f"/dang-vien/{anh.pk}/")
    actions = page.get_by_test_id("member-actions")
    expect(actions.get_by_role("link", name="Chuyển sang chi bộ khác")).to_be_visible()
    # Already official: recognition is not offered.
    expect(actions.get_by_role("link", name="Công nhận đảng viên chính thức")).to_have_count(0)

    actions.get_by_role("link", name="Miễn công tác và sinh hoạt đảng").click()
    page.locator("input[name=reason]").fill("Tuổi cao, sức yếu")
    page.locator("input[name=effective_on]").fill("01/01/2005")  # before his admission
    page.get_by_role("button", name="Tiếp tục").click()
    # Refused at once, before any confirmation page, under the date field, naming his admission.
    expect(page.get_by_test_id("confirm-summary")).to_have_count(0)
    form = page.get_by_test_id("action-form")
    expect(form).to_contain_text("Không thể ghi")
    expect(form.locator(".invalid-feedback")).to_contain_text("01/03/2010")
    expect(page).to_have_url(re.compile(rf"/dang-vien/{anh.pk}/thao-tac/mien-sinh-hoat/$"))
    expect(page.locator(".alert-success")).to_have_count(0)

    anh.refresh_from_db()
    assert anh.events.count() == events_before
    assert not anh.is_exempt
    assert not MemberEvent.objects.filter(member=anh, kind="exemption_started").exists()

    page.goto(f"/dang-vien/{anh.pk}/")
    expect(page.get_by_test_id("timeline")).not_to_contain_text("Miễn công tác")
