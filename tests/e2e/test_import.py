"""Journey: commune staff load their Excel list through the page, fix a refused row, import it,
and read a figure on the statistics page."""

import pytest
from playwright.sync_api import Page, expect

from dangbo.imports.tests.workbooks import MEMBERS, ORGS, member, workbook
from dangbo.members.models import Member

from .test_journeys import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def threaded_imports(settings):
    # The real thing: the confirmed import runs in a background thread, with a progress bar.
    settings.DANGBO = {**settings.DANGBO, "IMPORT_INLINE": False}


def ta_xin(members):
    """The test workbook's cells, hung under the test commune XA."""
    orgs = [[*row[:4], "XA" if row[4] == "TX" else row[4], *row[5:]] for row in ORGS[1:]]
    return workbook(orgs=orgs, members=members).getvalue()


def test_upload_fix_import_and_read_statistics(page: Page, commune, threaded_imports, tmp_path):
    bad = tmp_path / "danh-sach.xlsx"
    bad.write_bytes(ta_xin([*MEMBERS, member(**{"Họ tên": "Lò Văn Lạc", "Mã chi bộ": "TX.B9"})]))
    good = tmp_path / "danh-sach-da-sua.xlsx"
    good.write_bytes(ta_xin([*MEMBERS, member(**{"Họ tên": "Lò Văn Lạc", "Mã chi bộ": "TX.B02"})]))
    before = Member.objects.count()
    log_in(page, "canbo")

    page.goto("/nhap-xuat/")
    page.get_by_test_id("upload-form").locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("refusals-summary")).to_contain_text("Tệp có 1 lỗi")
    refusals = page.get_by_test_id("refusals")
    expect(refusals).to_contain_text("Mã chi bộ")
    expect(refusals).to_contain_text("TX.B9")
    assert Member.objects.count() == before  # nothing written

    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Tải lên tệp đã sửa").click()
    expect(page.get_by_test_id("import-counts")).to_contain_text("9")
    page.get_by_test_id("confirm-import").click()
    done = page.get_by_test_id("import-done")
    expect(done).to_be_visible(timeout=30_000)
    expect(done).to_contain_text("Đã nhập xong")
    assert Member.objects.count() == before + 9

    page.goto("/thong-ke/?org=XA")
    overview = page.get_by_test_id("table-overview")
    # 5 members of the test commune + 7 imported ones still present (one left, one died).
    expect(overview.locator("tr", has_text="Tổng số đảng viên")).to_contain_text("12")
