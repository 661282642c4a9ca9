"""Finding sheets, header rows and columns: on the sample file a commune sent, and on small
workbooks shaped the ways real lists are."""

import datetime
from pathlib import Path

import openpyxl
import pytest

from dangbo.imports.reader import (
    MEMBER_COLUMNS,
    MEMBER_SHEET_TITLE,
    ORG_COLUMNS,
    ORG_SHEET_TITLE,
    Column,
    Header,
    HeaderNotFound,
    find_header,
    find_sheets,
    header_key,
    iter_rows,
    parse_row,
)

SAMPLE = Path(__file__).parent / "fixtures" / "lung-phinh-mau.xlsx"
D = datetime.date


def build_workbook(sheets: dict[str, list[list]]) -> openpyxl.Workbook:
    """A workbook with one sheet per entry, rows written from row 1."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    return workbook


def roundtrip(workbook: openpyxl.Workbook, tmp_path: Path) -> openpyxl.Workbook:
    """Saved and opened again the way the importer opens files."""
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    return openpyxl.load_workbook(path, data_only=True)


# --- the column specs -----------------------------------------------------------------------


def test_column_specs_in_canonical_order():
    assert [c.header for c in ORG_COLUMNS] == [
        "Mã",
        "Tên tổ chức",
        "Loại tổ chức",
        "Loại hình",
        "Mã cấp trên",
        "Ngày thành lập",
        "Ngày giải thể",
    ]
    assert [c.key for c in MEMBER_COLUMNS] == [
        "seq",
        "full_name",
        "birth_date",
        "gender",
        "ethnicity",
        "religion",
        "national_id",
        "general_education",
        "professional",
        "political_theory",
        "work_status",
        "admitted_on",
        "official_on",
        "card_number",
        "cell_code",
        "arrived_on",
        "left_on",
        "left_reason",
        "exemption",
        "exempt_since",
    ]
    assert ORG_SHEET_TITLE == "Tổ chức"
    assert MEMBER_SHEET_TITLE == "Đảng viên"


@pytest.mark.parametrize("columns", [ORG_COLUMNS, MEMBER_COLUMNS])
def test_column_keys_and_spellings_are_unique(columns):
    keys = [c.key for c in columns]
    assert len(keys) == len(set(keys))
    spellings = [s for c in columns for s in c.spellings]
    assert len(spellings) == len(set(spellings))


def test_required_columns():
    assert {c.key for c in ORG_COLUMNS if c.required} == {
        "code",
        "name",
        "kind",
        "established_on",
    }
    assert {c.key for c in MEMBER_COLUMNS if c.required} == {
        "full_name",
        "birth_date",
        "gender",
        "admitted_on",
        "cell_code",
    }


def test_full_name_answers_to_ho_ten():
    full_name = next(c for c in MEMBER_COLUMNS if c.key == "full_name")
    assert full_name.header == "Họ và tên"
    assert full_name.spellings >= {"ho va ten", "ho ten"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Họ và tên", "ho va ten"),
        ("  HỌ  VÀ\nTÊN ", "ho va ten"),
        ("Họ và tên (*)", "ho va ten"),
        ("Số CCCD:", "so cccd"),
        (None, ""),
        (12, "12"),
    ],
)
def test_header_key(text, key):
    assert header_key(text) == key


# --- the sample file ------------------------------------------------------------------------


@pytest.fixture
def sample():
    return openpyxl.load_workbook(SAMPLE, data_only=True)


def test_sample_sheets_are_found(sample):
    sheets = find_sheets(sample)
    assert sheets.organizations.title == "Tổ chức"
    assert sheets.members.title == "Danh sach dang vien"


def test_sample_organizations(sample):
    sheet = find_sheets(sample).organizations
    header = find_header(sheet, ORG_COLUMNS)
    assert header.row == 1
    assert header.columns == {c.key: i for i, c in enumerate(ORG_COLUMNS, start=1)}
    rows = list(iter_rows(sheet, header))
    assert [number for number, _ in rows] == list(range(2, 9))
    parsed = [parse_row(ORG_COLUMNS, raw) for _, raw in rows]
    assert all(not refusals for _, refusals in parsed)
    by_code = {values["code"]: values for values, _ in parsed}
    assert by_code["LP"] == {
        "code": "LP",
        "name": "Đảng bộ xã Lùng Phình",
        "kind": "commune_committee",
        "category": "other",
        "parent_code": None,
        "established_on": D(2025, 7, 1),
        "dissolved_on": None,
    }
    assert by_code["LP.CA"]["kind"] == "base_cell"
    assert by_code["LP.UB"]["kind"] == "base_committee"
    assert by_code["LP.B02"]["established_on"] == D(2025, 7, 1)  # written "1/7/2025"
    assert by_code["LP.T01"]["category"] == "school"
    assert by_code["LP.UB.01"]["parent_code"] == "LP.UB"


def test_sample_members_after_title_rows_and_a_merged_cell(sample):
    sheet = find_sheets(sample).members
    assert sheet.merged_cells.ranges  # the sample has a merged title above its header
    header = find_header(sheet, MEMBER_COLUMNS)
    assert header.row == 4
    assert header.columns["seq"] == 1
    assert header.columns["full_name"] == 2  # "Họ tên"
    assert header.columns["gender"] == 3
    assert "national_id" not in header.columns
    assert header.ignored == ("Ghi chú",)

    rows = dict(iter_rows(sheet, header))
    assert sorted(rows) == list(range(5, 11))
    parsed = {number: parse_row(MEMBER_COLUMNS, raw) for number, raw in rows.items()}
    assert all(not refusals for _, refusals in parsed.values())
    first = parsed[5][0]
    assert first["full_name"] == "Giàng Seo Páo"
    assert first["birth_date"] == D(1975, 3, 12)
    assert first["ethnicity"] == "mong"
    assert first["religion"] == ""
    assert first["general_education"] == "lower_secondary"
    assert first["card_number"] == "79012345"
    assert "national_id" not in first  # the column is absent: the file says nothing of it

    second = parsed[6][0]
    assert second["full_name"] == "Vàng Thị Mỷ"
    assert second["gender"] == "female"
    assert second["political_theory"] == "none"

    third = parsed[7][0]
    assert third["full_name"] == "Lù Văn Chứ"
    assert third["general_education"] == "lower_secondary"  # 7/10
    assert third["work_status"] == "retired"
    assert third["exemption"] == "Tuổi cao, sức yếu"

    assert parsed[8][0]["admitted_on"] == D(2012, 10, 15)  # 15.10.2012
    assert parsed[8][0]["religion"] == "Công giáo"
    assert parsed[9][0]["official_on"] is None
    assert parsed[9][0]["card_number"] is None
    assert parsed[10][0]["left_reason"] == "transferred_out"
    assert parsed[10][0]["political_theory"] == "advanced"


# --- sheets by name -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("titles", "organizations", "members"),
    [
        (["Tổ chức", "Đảng viên"], "Tổ chức", "Đảng viên"),
        (["TO CHUC", "DANG VIEN"], "TO CHUC", "DANG VIEN"),
        (["to chuc", "dang vien"], "to chuc", "dang vien"),
        (["Danh sách tổ chức", "Danh sach dang vien"], "Danh sách tổ chức", "Danh sach dang vien"),
        (["Danh_sach_dang_vien", "Tổ chức đảng"], "Tổ chức đảng", "Danh_sach_dang_vien"),
        (["  Đảng  viên ", "Ghi chú"], None, "  Đảng  viên "),
        (["Sheet1", "Sheet2"], None, None),
        # an exact name wins over a longer one, whatever the order
        (["Đảng viên đã chuyển đi", "Đảng viên"], None, "Đảng viên"),
        # "đảng viên" is a whole phrase, not part of a word
        (["Tổ chức", "Đảng viênx"], "Tổ chức", None),
    ],
)
def test_find_sheets(titles, organizations, members):
    workbook = build_workbook({title: [] for title in titles})
    found = find_sheets(workbook)
    assert (found.organizations.title if found.organizations else None) == organizations
    assert (found.members.title if found.members else None) == members


# --- header rows ----------------------------------------------------------------------------

MEMBER_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Mã chi bộ"]


def test_header_after_title_rows_and_merged_cells(tmp_path):
    workbook = build_workbook(
        {
            "Đảng viên": [
                ["ĐẢNG BỘ XÃ LÙNG PHÌNH"],
                ["DANH SÁCH ĐẢNG VIÊN (Họ và tên, ngày sinh)"],
                [],
                MEMBER_HEADER,
                [1, "Giàng A Páo", "12/03/1975", "Nam", "20/05/2001", "LP.B01"],
            ]
        }
    )
    sheet = workbook["Đảng viên"]
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A2:F2")
    workbook = roundtrip(workbook, tmp_path)
    sheet = find_sheets(workbook).members
    header = find_header(sheet, MEMBER_COLUMNS)
    assert header.row == 4
    assert list(iter_rows(sheet, header)) == [
        (
            5,
            {
                "seq": 1,
                "full_name": "Giàng A Páo",
                "birth_date": "12/03/1975",
                "gender": "Nam",
                "admitted_on": "20/05/2001",
                "cell_code": "LP.B01",
            },
        )
    ]


def test_header_whose_merged_cell_spans_a_title_row_that_names_a_column(tmp_path):
    # A title that happens to be a column's header is not a header row by itself.
    workbook = build_workbook({"Đảng viên": [["Họ và tên"], MEMBER_HEADER]})
    workbook["Đảng viên"].merge_cells("A1:D1")
    sheet = roundtrip(workbook, tmp_path)["Đảng viên"]
    assert find_header(sheet, MEMBER_COLUMNS).row == 2


def test_shuffled_columns_with_loose_spellings_and_an_unknown_column():
    workbook = build_workbook(
        {
            "Đảng viên": [
                [
                    "MÃ CHI BỘ",
                    "Ghi chú",
                    " ngay   vao dang ",
                    "Giới tính (*)",
                    "Họ tên",
                    "NGÀY SINH",
                ],
                ["lp.b02", "chuyển về", "19/05/1978", "NAM", " Lù Văn Chứ ", "5/1/1952"],
            ]
        }
    )
    sheet = workbook["Đảng viên"]
    header = find_header(sheet, MEMBER_COLUMNS)
    assert header == Header(
        row=1,
        columns={
            "cell_code": 1,
            "admitted_on": 3,
            "gender": 4,
            "full_name": 5,
            "birth_date": 6,
        },
        ignored=("Ghi chú",),
    )
    [(number, raw)] = list(iter_rows(sheet, header))
    assert number == 2
    assert "Ghi chú" not in raw and len(raw) == 5
    values, refusals = parse_row(MEMBER_COLUMNS, raw)
    assert refusals == []
    assert values == {
        "cell_code": "LP.B02",
        "admitted_on": D(1978, 5, 19),
        "gender": "male",
        "full_name": "Lù Văn Chứ",
        "birth_date": D(1952, 1, 5),
    }


def test_missing_required_header_is_a_clear_error():
    workbook = build_workbook(
        {
            "Đảng viên": [
                ["DANH SÁCH ĐẢNG VIÊN"],
                ["STT", "Họ và tên", "Giới tính", "Ngày vào Đảng", "Ghi chú"],
                [1, "Giàng A Páo", "Nam", "20/05/2001", ""],
            ]
        }
    )
    with pytest.raises(HeaderNotFound) as caught:
        find_header(workbook["Đảng viên"], MEMBER_COLUMNS)
    error = caught.value
    assert error.missing == ["Ngày sinh", "Mã chi bộ"]
    assert error.sheet_title == "Đảng viên"
    assert error.message == str(error)
    assert "Trang «Đảng viên»" in error.message
    assert "dòng 2" in error.message
    assert "Thiếu cột bắt buộc: «Ngày sinh», «Mã chi bộ»." in error.message


def test_sheet_without_any_header():
    workbook = build_workbook({"Tổ chức": [["Bảng trống"], [], [1, 2, 3]]})
    with pytest.raises(HeaderNotFound) as caught:
        find_header(workbook["Tổ chức"], ORG_COLUMNS)
    assert caught.value.missing == ["Mã", "Tên tổ chức", "Loại tổ chức", "Ngày thành lập"]
    assert "gần đủ nhất" not in caught.value.message


def test_header_below_row_20_is_not_searched():
    rows = [[f"Dòng {n}"] for n in range(20)] + [MEMBER_HEADER]
    workbook = build_workbook({"Đảng viên": rows})
    with pytest.raises(HeaderNotFound):
        find_header(workbook["Đảng viên"], MEMBER_COLUMNS)


def test_header_on_row_20_is_found():
    rows = [[f"Dòng {n}"] for n in range(19)] + [MEMBER_HEADER]
    workbook = build_workbook({"Đảng viên": rows})
    assert find_header(workbook["Đảng viên"], MEMBER_COLUMNS).row == 20


def test_first_of_two_spellings_of_a_column_wins():
    workbook = build_workbook({"Đảng viên": [[*MEMBER_HEADER, "Họ tên"]]})
    header = find_header(workbook["Đảng viên"], MEMBER_COLUMNS)
    assert header.columns["full_name"] == 2
    assert header.ignored == ("Họ tên",)


# --- rows -----------------------------------------------------------------------------------


def test_blank_rows_are_skipped_and_numbers_kept(tmp_path):
    workbook = build_workbook(
        {
            "Tổ chức": [
                ["Mã", "Tên tổ chức", "Loại tổ chức", "Ngày thành lập", "Ghi chú"],
                ["LP", "Đảng bộ xã Lùng Phình", "Đảng bộ xã", datetime.datetime(2025, 7, 1)],
                [],
                [None, "   ", None, None],
                [None, None, None, None, "chỉ có ghi chú"],
                ["LP.B01", "Chi bộ thôn Lùng Phình", "Chi bộ", "01/07/2025"],
            ]
        }
    )
    workbook = roundtrip(workbook, tmp_path)
    sheet = workbook["Tổ chức"]
    rows = list(iter_rows(sheet, find_header(sheet, ORG_COLUMNS)))
    assert [number for number, _ in rows] == [2, 6]
    assert rows[0][1]["established_on"] == datetime.datetime(2025, 7, 1)


def test_prenumbered_rows_of_a_template_count_as_blank():
    workbook = build_workbook(
        {
            "Đảng viên": [
                MEMBER_HEADER,
                [1, "Giàng A Páo", "12/03/1975", "Nam", "20/05/2001", "LP.B01"],
                [2],
                [3],
            ]
        }
    )
    sheet = workbook["Đảng viên"]
    assert [n for n, _ in iter_rows(sheet, find_header(sheet, MEMBER_COLUMNS))] == [2]


def test_short_rows_read_as_blank_cells(tmp_path):
    workbook = build_workbook(
        {"Đảng viên": [MEMBER_HEADER + ["Ngày đi"], ["", "Giàng A Páo"]]},
    )
    path = tmp_path / "short.xlsx"
    workbook.save(path)
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True)["Đảng viên"]
    header = find_header(sheet, MEMBER_COLUMNS)
    [(number, raw)] = list(iter_rows(sheet, header))
    assert number == 2
    assert raw["full_name"] == "Giàng A Páo"
    assert raw["left_on"] is None


# --- parse_row ------------------------------------------------------------------------------


def test_parse_row_reports_every_refused_cell():
    raw = {
        "seq": 7,
        "full_name": "  ",
        "birth_date": "31/02/1980",
        "gender": "Nữ",
        "admitted_on": "01/01/2000",
        "cell_code": "lp.b01",
        "general_education": "abc",
    }
    values, refusals = parse_row(MEMBER_COLUMNS, raw)
    assert values == {
        "seq": "7",
        "gender": "female",
        "admitted_on": D(2000, 1, 1),
        "cell_code": "LP.B01",
    }
    assert [(r.key, r.header, r.value) for r in refusals] == [
        ("full_name", "Họ và tên", "  "),
        ("birth_date", "Ngày sinh", "31/02/1980"),
        ("general_education", "Giáo dục phổ thông", "abc"),
    ]
    assert refusals[0].message == "Thiếu «Họ và tên»."
    assert "không tồn tại" in refusals[1].message
    assert refusals[2].message.startswith("Không rõ trình độ giáo dục phổ thông «abc»")


def test_column_is_a_plain_spec():
    column = Column("note", "Ghi chú", str, ("Ghi chu",))
    assert column.required is False
    assert column.spellings == frozenset({"ghi chu"})
