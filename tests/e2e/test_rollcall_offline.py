"""The offline roll call (DESIGN.md §6), as a cell secretary in a village without a network.

One phone opens the roll call online (the roster and the page are cached), loses the network,
marks ten members and two speakers, reloads the page offline (nothing is lost), gets the network
back and syncs once; then a second phone records the same member later and wins; logging out
asks about unsynced marks and clears the device.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dangbo.meetings.models import Attendance, AttendanceRecord

from .conftest import DEFAULT_TIMEOUT_MS, PHONE
from .test_journeys import log_in

pytestmark = pytest.mark.browser

NAMES = [
    "Lò Văn Bun",
    "Quàng Thị Chiến",
    "Cầm Văn Dũng",
    "Hà Thị Én",
    "Lường Văn Gấm",
    "Tòng Văn Hặc",
    "Vì Thị Inh",
    "Điêu Văn Kẻo",
    "Lò Thị Lả",
    "Mè Văn Minh",
]


@pytest.fixture
def meeting(commune):
    """Yesterday's meeting of Nà Đon: 13 expected members and one exempt."""
    from dangbo.meetings import services
    from dangbo.meetings.choices import MeetingKind
    from dangbo.members import services as members
    from dangbo.testing import make_member

    for name in NAMES:
        make_member(commune.na_don, name)
    old = make_member(commune.na_don, "Lò Văn Cố", birth=date(1940, 1, 1))
    members.start_exemption(old, actor=None, on=date(2020, 1, 1), reason="Tuổi cao")
    return services.schedule(
        commune.na_don,
        actor=None,
        kind=MeetingKind.REGULAR,
        scheduled_at=timezone.now() - timedelta(days=1),
    )


def open_rollcall(page: Page, meeting) -> list[int]:
    """Open the roll call and wait until the device has the roster and the page shell; the
    member ids on the roster, in its order (exempt ones left out)."""
    page.goto(f"/hop/{meeting.pk}/diem-danh/")
    app = page.locator("#rollcall-app")
    expect(app).to_have_attribute("data-ready", "1")
    # The service worker is active and holds the page, its files and the roster.
    expect(app).to_have_attribute("data-shell-cached", "1")
    return [
        int(testid.removeprefix("mark-"))
        for testid in app.locator("[data-action=mark]").evaluate_all(
            "nodes => nodes.map(n => n.dataset.testid)"
        )
    ]


def wait_until(page: Page, condition, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
    """Let the browser's events (dialogs) run until ``condition()`` holds."""
    for _ in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("timed out")


def mark(page: Page, member_id: int, status: str, *, start: str = "none") -> None:
    """Tap the member's button until it shows ``status`` (none → present → excused → absent)."""
    cycle = ["none", "present", "excused", "absent"]
    taps = cycle.index(status) - cycle.index(start)
    button = page.get_by_test_id(f"mark-{member_id}")
    for _ in range(taps):
        button.click()
    expect(button).to_have_attribute("data-status", status)


def test_offline_roll_call_syncs_once_and_later_marks_win(
    phone_page: Page, browser, live_server, commune, meeting
):
    page = phone_page
    context = page.context
    log_in(page, "bithu.nadon")

    # Online: the app replaces the form; exempt members are listed, greyed out, not buttons.
    ids = open_rollcall(page, meeting)
    expect(page.get_by_test_id("rollcall-form")).to_be_hidden()
    assert len(ids) == 13
    exempt = page.locator("[data-testid^=exempt-]")
    expect(exempt).to_have_count(1)
    expect(exempt).to_contain_text("Lò Văn Cố")
    expect(exempt).to_contain_text("miễn sinh hoạt")
    expect(exempt.locator("button")).to_have_count(0)
    expect(page.get_by_test_id("present-count")).to_have_text("Có mặt 0 / 13")
    expect(page.get_by_test_id("sync-badge")).to_have_text("Đã đồng bộ")

    # Offline: ten marks (seven present, three excused) and two speakers.
    context.set_offline(True)
    expect(page.get_by_test_id("net-state")).to_be_visible()
    present, excused = ids[:7], ids[7:10]
    for member_id in present:
        mark(page, member_id, "present")
    for member_id in excused:
        mark(page, member_id, "excused")
    speakers = present[:2]
    for member_id in speakers:
        page.get_by_test_id(f"spoke-{member_id}").click()
        expect(page.get_by_test_id(f"spoke-{member_id}")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("sync-badge")).to_have_text("12 chưa đồng bộ")
    expect(page.get_by_test_id("present-count")).to_have_text("Có mặt 7 / 13")

    # Reloading offline loses nothing: the page comes from the service worker's cache and the
    # marks from IndexedDB.
    response = page.reload()
    assert response is not None and response.from_service_worker
    expect(page.locator("#rollcall-app")).to_have_attribute("data-ready", "1")
    expect(page.get_by_test_id("sync-badge")).to_have_text("12 chưa đồng bộ")
    expect(page.get_by_test_id("present-count")).to_have_text("Có mặt 7 / 13")
    for member_id in present:
        expect(page.get_by_test_id(f"mark-{member_id}")).to_have_attribute("data-status", "present")
    for member_id in excused:
        expect(page.get_by_test_id(f"mark-{member_id}")).to_have_attribute("data-status", "excused")
    for member_id in speakers:
        expect(page.get_by_test_id(f"spoke-{member_id}")).to_have_attribute("aria-pressed", "true")
    assert AttendanceRecord.objects.filter(meeting=meeting).count() == 0

    # Back online: everything syncs once, and the server has exactly these marks.
    context.set_offline(False)
    expect(page.get_by_test_id("sync-badge")).to_have_text("Đã đồng bộ")
    summary = page.request.get(f"/api/v1/meetings/{meeting.pk}/attendance").json()["summary"]
    assert summary == {
        "expected": 13,
        "present": 7,
        "excused": 3,
        "absent": 0,
        "not_recorded": 3,
        "spoke": 2,
    }
    assert AttendanceRecord.objects.filter(meeting=meeting).count() == 12
    assert Attendance.objects.filter(meeting=meeting).count() == 10
    current = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    assert current == {**dict.fromkeys(present, "present"), **dict.fromkeys(excused, "excused")}
    assert set(
        Attendance.objects.filter(meeting=meeting, spoke=True).values_list("member_id", flat=True)
    ) == set(speakers)

    # A later mark from another device wins over an older one that reaches the server after it.
    target = present[2]
    context.set_offline(True)
    page.get_by_test_id(f"mark-{target}").click()  # present → excused, offline, earlier
    expect(page.get_by_test_id("sync-badge")).to_have_text("1 chưa đồng bộ")
    other = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    other.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        second = other.new_page()
        errors: list[str] = []
        second.on("pageerror", lambda error: errors.append(str(error)))
        log_in(second, "canbo")
        second.goto(f"/hop/{meeting.pk}/diem-danh/")
        expect(second.locator("#rollcall-app")).to_have_attribute("data-ready", "1")
        mark(second, target, "absent", start="present")  # later than the first phone's tap
        expect(second.get_by_test_id("sync-badge")).to_have_text("Đã đồng bộ")
        assert not errors
    finally:
        other.close()
    assert Attendance.objects.get(meeting=meeting, member_id=target).status == "absent"

    context.set_offline(False)
    expect(page.get_by_test_id("sync-badge")).to_have_text("Đã đồng bộ")
    expect(page.get_by_test_id(f"mark-{target}")).to_have_attribute("data-status", "absent")
    assert Attendance.objects.get(meeting=meeting, member_id=target).status == "absent"
    records = AttendanceRecord.objects.filter(meeting=meeting)
    versions = list(
        records.filter(member_id=target).order_by("recorded_at").values_list("status", "device_id")
    )
    # Phase one's mark, the first phone's later tap (kept in history, not current), then the
    # second phone's tap(s), the last of which is current.
    assert [status for status, _ in versions[:2]] == ["present", "excused"]
    assert versions[-1][0] == "absent" and versions[-1][1] != versions[1][1]
    assert records.count() == 12 + len(versions) - 1
    assert Attendance.objects.filter(meeting=meeting).count() == 10

    # Logging out with an unsynced mark asks first; cancelling keeps it; confirming clears the
    # roster, the outbox and the caches from the device before the form goes. (Offline, so the
    # mark stays unsynced; the logout request itself then fails, which does not matter here.)
    context.set_offline(True)
    page.get_by_test_id(f"mark-{ids[10]}").click()
    expect(page.get_by_test_id("sync-badge")).to_have_text("1 chưa đồng bộ")
    page.get_by_role("button", name="Mở menu").click()
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))  # opened, not opening
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))  # cancel: nothing is lost
    page.get_by_test_id("logout").click()
    wait_until(page, lambda: questions)
    assert questions == ["Còn 1 điểm danh chưa đồng bộ. Đăng xuất sẽ xóa chúng. Vẫn đăng xuất?"]
    expect(page.get_by_test_id("sync-badge")).to_have_text("1 chưa đồng bộ")
    expect(page).to_have_url(re.compile(r"/diem-danh/$"))
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    with page.expect_event("framenavigated"):  # the logout form goes (and fails, offline)
        page.get_by_test_id("logout").click()
    assert len(questions) == 2
    context.set_offline(False)
    page.goto("/")  # still logged in: the server never saw the logout
    left = page.evaluate(
        """async () => ({
            databases: (await indexedDB.databases()).map(d => d.name),
            caches: await caches.keys(),
            workers: (await navigator.serviceWorker.getRegistrations()).length,
        })"""
    )
    assert left == {"databases": [], "caches": [], "workers": 0}
    assert AttendanceRecord.objects.filter(meeting=meeting, member_id=ids[10]).count() == 0


def test_a_refused_mark_is_shown_once_and_leaves_the_outbox(page: Page, commune, meeting):
    """The meeting is cancelled while the phone is offline: its mark is refused on sync, the
    badge clears, the reason is shown once, and the buttons lock."""
    from dangbo.meetings import services

    log_in(page, "bithu.nadon")
    ids = open_rollcall(page, meeting)
    page.context.set_offline(True)
    mark(page, ids[0], "present")
    expect(page.get_by_test_id("sync-badge")).to_have_text("1 chưa đồng bộ")
    services.cancel(meeting, actor=None, reason="Mưa lũ, đường bị sạt")

    page.context.set_offline(False)
    expect(page.get_by_test_id("sync-badge")).to_have_text("Đã đồng bộ")
    notices = page.get_by_test_id("sync-notices")
    expect(notices).to_contain_text("Lò Văn Ánh: điểm danh «Có mặt» không được ghi.")
    expect(notices).to_contain_text("Cuộc họp đã khóa điểm danh")
    expect(page.get_by_test_id(f"mark-{ids[0]}")).to_be_disabled()
    expect(page.get_by_test_id(f"mark-{ids[0]}")).to_have_attribute("data-status", "none")
    assert not AttendanceRecord.objects.filter(meeting=meeting).exists()

    page.reload()
    expect(page.locator("#rollcall-app")).to_have_attribute("data-ready", "1")
    expect(page.get_by_test_id("sync-notices")).to_be_empty()


def test_without_javascript_the_plain_form_is_the_roll_call(browser, live_server, commune, meeting):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="vi-VN", java_script_enabled=False
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        log_in(page, "bithu.nadon")
        page.goto(f"/hop/{meeting.pk}/diem-danh/")
        expect(page.locator("#rollcall-app")).to_be_hidden()
        form = page.get_by_test_id("rollcall-form")
        expect(form).to_be_visible()
        anh = commune.member_na_don.pk
        form.locator(f"input[name=status-{anh}][value=present]").check()
        form.locator(f"input[name=spoke-{anh}]").check()
        form.get_by_role("button", name="Lưu điểm danh").click()
        expect(page.get_by_role("alert")).to_contain_text("Đã ghi 1 người.")
    finally:
        context.close()
    mark = Attendance.objects.get(meeting=meeting, member_id=commune.member_na_don.pk)
    assert (mark.status, mark.spoke) == ("present", True)
