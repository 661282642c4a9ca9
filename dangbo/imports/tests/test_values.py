"""The cell parsers of the import workbook, on the spellings real lists hold (DOMAIN.md §4)."""

import datetime

import pytest

from dangbo.imports import values
from dangbo.imports.values import (
    EXEMPTION_GENERIC_REASON,
    ValueRefused,
    is_blank,
    parse_card_number,
    parse_category,
    parse_code,
    parse_date,
    parse_departure_reason,
    parse_ethnicity,
    parse_exemption,
    parse_gender,
    parse_general_education,
    parse_national_id,
    parse_org_kind,
    parse_political_theory,
    parse_professional,
    parse_religion,
    parse_text,
    parse_work_status,
)
from dangbo.members.choices import (
    EventKind,
    Gender,
    GeneralEducation,
    PoliticalTheory,
    Professional,
    WorkStatus,
)
from dangbo.organizations.choices import Category, OrgKind

D = datetime.date
BLANKS = [None, "", "   ", "\t\n", "\u00a0"]


def refusal(parser, value) -> str:
    with pytest.raises(ValueRefused) as caught:
        parser(value)
    assert caught.value.message == str(caught.value)
    return caught.value.message


# --- blanks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize(
    ("parser", "meaning"),
    [
        (parse_text, None),
        (parse_code, None),
        (parse_card_number, None),
        (parse_national_id, None),
        (parse_date, None),
        (parse_gender, None),
        (parse_ethnicity, None),
        (parse_general_education, None),
        (parse_work_status, None),
        (parse_org_kind, None),
        (parse_departure_reason, None),
        (parse_exemption, None),
        (parse_religion, ""),
        (parse_professional, "none"),
        (parse_political_theory, "none"),
        (parse_category, "other"),
    ],
)
def test_blank_cells(parser, meaning, blank):
    assert parser(blank) == meaning


def test_is_blank():
    assert all(is_blank(b) for b in BLANKS)
    assert not is_blank(0)
    assert not is_blank("x")


def test_refusal_is_a_value_error():
    assert issubclass(ValueRefused, ValueError)


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime.datetime(2025, 7, 1, 0, 0), D(2025, 7, 1)),
        (datetime.datetime(1990, 8, 1, 13, 30), D(1990, 8, 1)),
        (D(1952, 1, 5), D(1952, 1, 5)),
        (45839, D(2025, 7, 1)),
        (45839.0, D(2025, 7, 1)),
        (45839.75, D(2025, 7, 1)),
        (27465, D(1975, 3, 12)),
        ("12/03/1975", D(1975, 3, 12)),
        ("5/1/1952", D(1952, 1, 5)),
        ("1/7/2025", D(2025, 7, 1)),
        ("01-07-2025", D(2025, 7, 1)),
        ("15.10.2012", D(2012, 10, 15)),
        ("1988-11-23", D(1988, 11, 23)),
        ("1988-1-3", D(1988, 1, 3)),
        ("  12/03/1975  ", D(1975, 3, 12)),
        ("12 / 03 / 1975", D(1975, 3, 12)),
        ("12 /3/ 1975", D(1975, 3, 12)),
        ("1988 - 11 - 23", D(1988, 11, 23)),
        ("1988-11-23 00:00:00", D(1988, 11, 23)),
        ("1988-11-23T00:00:00", D(1988, 11, 23)),
        ("29/02/2024", D(2024, 2, 29)),
        ("01/01/1900", D(1900, 1, 1)),
        ("31/12/2100", D(2100, 12, 31)),
    ],
)
def test_parse_date_reads_excel_dates_serials_and_text(raw, expected):
    assert parse_date(raw) == expected
    assert type(parse_date(raw)) is datetime.date


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("31/02/2024", "không tồn tại"),
        ("29/02/2023", "không tồn tại"),
        ("00/01/2020", "không tồn tại"),
        ("15/13/2020", "không tồn tại"),
        ("15/00/2020", "không tồn tại"),
        ("2020-13-01", "không tồn tại"),
        ("12/03/75", "4 chữ số"),
        ("12-03-75", "4 chữ số"),
        ("12/03/19755", "4 chữ số"),
        ("31/12/1899", "1900"),
        ("1850-01-01", "1900"),
        ("01/01/2101", "2100"),
        ("abc", "dd/mm/yyyy"),
        ("12/03-1975", "dd/mm/yyyy"),
        ("12031975", "dd/mm/yyyy"),
        ("tháng 3 năm 1975", "dd/mm/yyyy"),
        ("1975/03/12", "dd/mm/yyyy"),
        (1975, "chỉ có năm"),
        (2001.0, "chỉ có năm"),
        (0, "dd/mm/yyyy"),
        (-5, "dd/mm/yyyy"),
        (10**9, "dd/mm/yyyy"),
        (True, "dd/mm/yyyy"),
    ],
)
def test_parse_date_refuses_impossible_dates_clearly(raw, words):
    message = refusal(parse_date, raw)
    assert message.startswith("Ngày")
    assert words in message


def test_parse_date_message_shows_the_value():
    assert "«31/02/2024»" in refusal(parse_date, "31/02/2024")


# --- gender ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nam", "male"),
        ("nam", "male"),
        ("NAM", "male"),
        ("  Nam ", "male"),
        ("Nam giới", "male"),
        ("Nữ", "female"),
        ("nữ", "female"),
        ("NỮ", "female"),
        ("nu", "female"),
        ("Nu", "female"),
        (" nữ  ", "female"),
        ("Nữ", "female"),  # decomposed
    ],
)
def test_parse_gender(raw, expected):
    assert parse_gender(raw) == expected


@pytest.mark.parametrize("raw", ["X", "Khác", 1, "Nam/Nữ", "Nam Nữ"])
def test_parse_gender_refuses(raw):
    assert "Nam hoặc Nữ" in refusal(parse_gender, raw)


# --- general education ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12/12", "upper_secondary"),
        ("11/12", "lower_secondary"),
        ("10/12", "lower_secondary"),
        ("9/12", "lower_secondary"),
        ("8/12", "primary"),
        ("5/12", "primary"),
        ("4/12", "below_primary"),
        ("0/12", "below_primary"),
        ("10/10", "upper_secondary"),
        ("9/10", "lower_secondary"),
        ("7/10", "lower_secondary"),
        ("6/10", "primary"),
        ("4/10", "primary"),
        ("3/10", "below_primary"),
        ("12 / 12", "upper_secondary"),
        (" 9 /12 ", "lower_secondary"),
        ("07/10", "lower_secondary"),
        ("Tiểu học", "primary"),
        ("tieu hoc", "primary"),
        ("TIỂU HỌC", "primary"),
        ("THCS", "lower_secondary"),
        ("thcs", "lower_secondary"),
        ("Trung học cơ sở", "lower_secondary"),
        ("trung  hoc co so", "lower_secondary"),
        ("THPT", "upper_secondary"),
        ("Trung học phổ thông", "upper_secondary"),
        ("Cấp I", "primary"),
        ("Cấp II", "lower_secondary"),
        ("Cấp III", "upper_secondary"),
        ("cap iii", "upper_secondary"),
        ("Cấp 1", "primary"),
        ("Cấp 2", "lower_secondary"),
        ("Cấp 3", "upper_secondary"),
        ("Bổ túc 12/12", "upper_secondary"),
        ("BT 12/12", "upper_secondary"),
        ("12/12 (BT)", "upper_secondary"),
        ("12/12 BTVH", "upper_secondary"),
        ("Bổ túc văn hóa 9/12", "lower_secondary"),
        ("Bổ túc THPT", "upper_secondary"),
        ("Tốt nghiệp THPT", "upper_secondary"),
        ("Chưa hết tiểu học", "below_primary"),
        # Excel turned a typed "9/12" into 9 December (or 12 September under a US locale).
        (datetime.datetime(2025, 12, 9), "lower_secondary"),
        (datetime.datetime(2025, 9, 12), "lower_secondary"),
        (datetime.datetime(2025, 12, 12), "upper_secondary"),
        (D(2025, 10, 7), "lower_secondary"),
        (D(2025, 10, 12), "lower_secondary"),
        (D(2025, 12, 10), "lower_secondary"),
    ],
)
def test_parse_general_education(raw, expected):
    assert parse_general_education(raw) == expected


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("abc", "Không rõ trình độ giáo dục phổ thông «abc»: dùng x/12, x/10"),
        ("Đại học", "Không rõ trình độ giáo dục phổ thông"),
        ("Cấp IV", "Không rõ trình độ giáo dục phổ thông"),
        (12, "Không rõ trình độ giáo dục phổ thông «12»"),
        ("13/12", "lớp 13 vượt quá hệ 12 năm"),
        ("11/10", "lớp 11 vượt quá hệ 10 năm"),
        ("7/9", "x/12"),
        ("12", "Không rõ"),
        (D(2025, 3, 4), "Không rõ"),
    ],
)
def test_parse_general_education_refuses(raw, words):
    assert words in refusal(parse_general_education, raw)


# --- professional ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Không", "none"),
        ("không", "none"),
        ("Chưa qua đào tạo", "none"),
        ("chua qua dao tao", "none"),
        ("Sơ cấp", "elementary"),
        ("SC", "elementary"),
        ("sc", "elementary"),
        ("Trung cấp", "intermediate"),
        ("TC", "intermediate"),
        ("Trung cấp Y", "intermediate"),
        ("TCCN", "intermediate"),
        ("Cao đẳng", "college"),
        ("CĐ", "college"),
        ("cđ", "college"),
        ("CD", "college"),
        ("Cao đẳng sư phạm", "college"),
        ("Đại học", "university"),
        ("ĐH", "university"),
        ("đh", "university"),
        ("DH", "university"),
        ("Cử nhân", "university"),
        ("Cử nhân Luật", "university"),
        ("Kỹ sư", "university"),
        ("Kĩ sư nông nghiệp", "university"),
        ("Đại học Sư phạm", "university"),
        ("  đại   HỌC ", "university"),
        ("Thạc sĩ", "master"),
        ("Thạc sỹ", "master"),
        ("ThS", "master"),
        ("THS", "master"),
        ("ThS. Kinh tế", "master"),
        ("Tiến sĩ", "doctor"),
        ("Tiến sỹ", "doctor"),
        ("TS", "doctor"),
    ],
)
def test_parse_professional(raw, expected):
    assert parse_professional(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "Trung học phổ thông", "Đại", "12/12", 3])
def test_parse_professional_refuses(raw):
    message = refusal(parse_professional, raw)
    assert message.startswith("Không rõ trình độ chuyên môn «")
    assert "Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ" in message


# --- political theory -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Không", "none"),
        ("KHÔNG", "none"),
        ("Chưa qua đào tạo", "none"),
        ("Sơ cấp", "elementary"),
        ("so cap", "elementary"),
        ("SC", "elementary"),
        ("Trung cấp", "intermediate"),
        ("TC", "intermediate"),
        ("Trung cấp lý luận chính trị", "intermediate"),
        ("Trung cấp LLCT", "intermediate"),
        ("Cao cấp", "advanced"),
        ("CC", "advanced"),
        ("Cử nhân", "advanced"),
        ("CN", "advanced"),
        ("Cao cấp, cử nhân", "advanced"),
        ("Cử nhân chính trị", "advanced"),
        (" cao  CẤP ", "advanced"),
    ],
)
def test_parse_political_theory(raw, expected):
    assert parse_political_theory(raw) == expected


@pytest.mark.parametrize("raw", ["Đại học", "abc", "Cao"])
def test_parse_political_theory_refuses(raw):
    assert "Không rõ trình độ lý luận chính trị" in refusal(parse_political_theory, raw)


# --- ethnicity, religion --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kinh", "kinh"),
        ("kinh", "kinh"),
        ("Mông", "mong"),
        ("H'Mông", "mong"),
        ("Hmông", "mong"),
        ("H'mông", "mong"),
        ("HMONG", "mong"),
        ("Giáy", "giay"),
        ("Tày", "tay"),
        ("tay", "tay"),
        ("Thái", "thai"),
        (" Hà  Nhì ", "ha_nhi"),
        ("Dân tộc Dao", "dao"),
        ("Ê Đê", "e_de"),
    ],
)
def test_parse_ethnicity(raw, expected):
    assert parse_ethnicity(raw) == expected


def test_parse_ethnicity_refuses_with_examples():
    message = refusal(parse_ethnicity, "Xyz")
    assert message.startswith("Không rõ dân tộc «Xyz»")
    assert "Kinh" in message and "H'Mông" in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Không", ""),
        ("không", ""),
        (" KHÔNG ", ""),
        ("khong", ""),
        ("Không theo", ""),
        ("Công giáo", "Công giáo"),
        ("  Phật   giáo ", "Phật giáo"),
        ("Tin lành", "Tin lành"),
    ],
)
def test_parse_religion(raw, expected):
    assert parse_religion(raw) == expected


# --- work status ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đang công tác", "working"),
        ("đang cong tac", "working"),
        ("ĐANG LÀM VIỆC", "working"),
        ("Đang làm việc", "working"),
        ("Đang công tác, làm việc", "working"),
        ("Nghỉ hưu", "retired"),
        ("nghi huu", "retired"),
        ("Nghỉ công tác", "retired"),
        ("Nghỉ mất sức", "retired"),
        ("  nghỉ  MẤT sức ", "retired"),
        ("Nghỉ hưu, nghỉ công tác", "retired"),
    ],
)
def test_parse_work_status(raw, expected):
    assert parse_work_status(raw) == expected


@pytest.mark.parametrize("raw", ["Đang", "Thất nghiệp", "abc"])
def test_parse_work_status_refuses(raw):
    assert "Không rõ tình trạng công tác" in refusal(parse_work_status, raw)


# --- organizations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đảng bộ xã", "commune_committee"),
        ("đảng bộ XÃ", "commune_committee"),
        ("Dang bo xa", "commune_committee"),
        ("Đảng bộ phường", "commune_committee"),
        ("Đảng bộ đặc khu", "commune_committee"),
        ("Đảng bộ cơ sở", "base_committee"),
        ("Chi bộ cơ sở", "base_cell"),
        ("chi bo co so", "base_cell"),
        ("  Chi  bộ   cơ sở ", "base_cell"),
        ("Đảng bộ bộ phận", "sub_committee"),
        ("Chi bộ", "cell"),
        ("CHI BỘ", "cell"),
        ("Chi bộ trực thuộc", "cell"),
        ("Tổ đảng", "group"),
        ("to dang", "group"),
    ],
)
def test_parse_org_kind(raw, expected):
    assert parse_org_kind(raw) == expected


def test_chi_bo_co_so_is_not_chi_bo():
    assert parse_org_kind("Chi bộ cơ sở") != parse_org_kind("Chi bộ")


@pytest.mark.parametrize("raw", ["Đảng bộ", "Chi bộ thôn Lùng Phình", "Chi bộ cơ", "abc"])
def test_parse_org_kind_refuses(raw):
    message = refusal(parse_org_kind, raw)
    assert message.startswith(f"Không rõ loại tổ chức «{raw}»")
    assert "Chi bộ cơ sở" in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Thôn, bản, tổ dân phố", "locality"),
        ("thon ban to dan pho", "locality"),
        ("Thôn", "locality"),
        ("Bản", "locality"),
        ("Tổ dân phố", "locality"),
        ("Thôn/bản", "locality"),
        ("Trường học", "school"),
        ("Trường", "school"),
        ("Y tế", "health"),
        ("y te", "health"),
        ("Công an", "police"),
        ("Quân sự", "military"),
        ("Cơ quan Đảng, Mặt trận, đoàn thể", "party_agency"),
        ("co quan dang mat tran doan the", "party_agency"),
        ("Cơ quan chính quyền", "government"),
        ("Đơn vị sự nghiệp", "public_service"),
        ("Doanh nghiệp nhà nước", "state_enterprise"),
        ("Doanh nghiệp ngoài nhà nước", "private_enterprise"),
        ("DOANH NGHIỆP NGOÀI NHÀ NƯỚC", "private_enterprise"),
        ("Khác", "other"),
        ("khac", "other"),
    ],
)
def test_parse_category(raw, expected):
    assert parse_category(raw) == expected


@pytest.mark.parametrize("raw", ["Doanh nghiệp", "Cơ quan", "abc"])
def test_parse_category_refuses_ambiguous_or_unknown(raw):
    message = refusal(parse_category, raw)
    assert message.startswith(f"Không rõ loại hình «{raw}»")
    assert "Doanh nghiệp ngoài nhà nước" in message


# --- departures and exemption ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Chuyển đi", "transferred_out"),
        ("chuyen di", "transferred_out"),
        ("Chuyển sinh hoạt đi", "transferred_out"),
        ("Xóa tên", "removed"),
        ("Xoá tên", "removed"),
        ("XÓA TÊN", "removed"),
        ("Khai trừ", "expelled"),
        ("khai tru", "expelled"),
        ("Từ trần", "died"),
        ("Chết", "died"),
        ("Mất", "died"),
        ("  mất ", "died"),
        ("Ra khỏi Đảng", "removed"),
        ("ra khoi dang", "removed"),
    ],
)
def test_parse_departure_reason(raw, expected):
    assert parse_departure_reason(raw) == expected


@pytest.mark.parametrize("raw", ["Nghỉ hưu", "Đi", "abc"])
def test_parse_departure_reason_refuses(raw):
    message = refusal(parse_departure_reason, raw)
    assert message.startswith("Không rõ lý do đi")
    assert "Chuyển đi, Xóa tên, Khai trừ, Từ trần" in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Không", None),
        ("không", None),
        ("x", EXEMPTION_GENERIC_REASON),
        ("X", EXEMPTION_GENERIC_REASON),
        (" x ", EXEMPTION_GENERIC_REASON),
        ("Có", EXEMPTION_GENERIC_REASON),
        ("co", EXEMPTION_GENERIC_REASON),
        (True, EXEMPTION_GENERIC_REASON),
        (False, None),
        ("Tuổi cao, sức yếu", "Tuổi cao, sức yếu"),
        ("  Ốm   đau  ", "Ốm đau"),
    ],
)
def test_parse_exemption(raw, expected):
    assert parse_exemption(raw) == expected


# --- text, codes, numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Vàng Thị Mỷ", "Vàng Thị Mỷ"),
        ("Lù  Văn\u00a0Chứ ", "Lù Văn Chứ"),
        ("Nguyễn\nVăn A", "Nguyễn Văn A"),
        (1, "1"),
        (2.0, "2"),
        (2.5, "2.5"),
    ],
)
def test_parse_text(raw, expected):
    assert parse_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("LP.B01", "LP.B01"),
        ("lp.b01", "LP.B01"),
        ("  LP. B01 ", "LP.B01"),
        ("lp ub 01", "LPUB01"),
        (12, "12"),
        (12.0, "12"),
    ],
)
def test_parse_code(raw, expected):
    assert parse_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("79012345", "79012345"),
        (79012345, "79012345"),
        (79012345.0, "79012345"),
        ("79012345.0", "79012345"),
        ("0790 1234", "07901234"),
        (" 00123 ", "00123"),
        ("12.000777", "12.000777"),
    ],
)
def test_parse_card_number(raw, expected):
    assert parse_card_number(raw) == expected


@pytest.mark.parametrize("raw", ["7901-2345", "AB123", 7.5, D(2020, 1, 1), "１２３"])
def test_parse_card_number_refuses_non_digits(raw):
    assert refusal(parse_card_number, raw).startswith("Số thẻ đảng viên không hợp lệ")


def test_parse_card_number_refuses_too_long():
    assert "tối đa 20" in refusal(parse_card_number, "1" * 21)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("001234567890", "001234567890"),
        ("079 123 456 789", "079123456789"),
        (79123456789, "079123456789"),
        (79123456789.0, "079123456789"),
        (1234567890, "001234567890"),
        ("012345678", "012345678"),
        (123456789, "123456789"),
    ],
)
def test_parse_national_id(raw, expected):
    assert parse_national_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("12345", "cần 12 chữ số"),
        ("0012345678901", "cần 12 chữ số"),
        ("01234567890", "cần 12 chữ số"),  # text keeps what it says: 11 digits
        (12345678, "bỏ số 0 ở đầu"),
        ("0791-2345-6789", "chỉ gồm chữ số"),
    ],
)
def test_parse_national_id_refuses(raw, words):
    message = refusal(parse_national_id, raw)
    assert message.startswith("Số CCCD")
    assert words in message


# --- the labels the exporter writes are read back -------------------------------------------


@pytest.mark.parametrize(
    ("parser", "choices"),
    [
        (parse_gender, Gender),
        (parse_general_education, GeneralEducation),
        (parse_professional, Professional),
        (parse_political_theory, PoliticalTheory),
        (parse_work_status, WorkStatus),
        (parse_org_kind, OrgKind),
        (parse_category, Category),
    ],
)
def test_every_choice_label_reads_back_as_its_code(parser, choices):
    for code, label in choices.choices:
        assert parser(str(label)) == code


def test_departure_labels_read_back():
    for kind in (EventKind.TRANSFERRED_OUT, EventKind.REMOVED, EventKind.EXPELLED, EventKind.DIED):
        assert parse_departure_reason(str(kind.label)) == kind


def test_parsers_return_plain_strings():
    for result in (
        parse_gender("Nam"),
        parse_org_kind("Chi bộ"),
        parse_category("Thôn"),
        parse_ethnicity("Kinh"),
    ):
        assert type(result) is str
    assert values.MIN_YEAR == 1900
