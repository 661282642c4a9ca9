"""Parsers for the cell values of the import workbook (DOMAIN.md §4).

Every parser takes a raw cell value as openpyxl gives it (str, int, float, datetime.datetime,
datetime.date or None) and returns the normalized value, or raises ``ValueRefused`` with a
Vietnamese message saying what was expected. A blank cell (None, or only white space) gives None,
except where blank has a meaning of its own (professional and political theory: "none"; religion:
""; category: "other"); whether a column may be blank is the caller's decision.

Text is compared trimmed, case- and diacritics-insensitively (``fold``), with punctuation and
stray spaces ignored, so "Cao cấp, cử nhân", "cao cap cu nhan" and " CAO  CẤP " all meet.
"""

import datetime
import re

from openpyxl.utils.datetime import from_excel

from dangbo.core.text import fold, normalize_spaces
from dangbo.members.choices import (
    EventKind,
    Gender,
    GeneralEducation,
    PoliticalTheory,
    Professional,
    WorkStatus,
    match_ethnicity,
)
from dangbo.organizations.choices import Category, OrgKind

Raw = str | int | float | datetime.datetime | datetime.date | None

EXEMPTION_GENERIC_REASON = "Miễn sinh hoạt"
MIN_YEAR, MAX_YEAR = 1900, 2100
DATE_FORMS = "dd/mm/yyyy (hoặc d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd)"


class ValueRefused(ValueError):
    """A cell value the importer cannot read; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- shared helpers -------------------------------------------------------------------------

_NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")


def is_blank(value: Raw) -> bool:
    """True for an empty cell: None, or text made only of white space."""
    return value is None or (isinstance(value, str) and not normalize_spaces(value))


def _as_text(value: Raw) -> str:
    """The cell as trimmed text: whole numbers without ".0", dates as dd/mm/yyyy."""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return normalize_spaces(str(value))


def _key(text: str) -> str:
    """Folded words only: "Cao cấp, cử nhân" → "cao cap cu nhan"."""
    return _NOT_KEY_CHARS.sub(" ", fold(text)).strip()


def _table(spellings: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{folded spelling: code} from {code: spellings written as people write them}."""
    return {_key(spelling): str(code) for code, words in spellings.items() for spelling in words}


def _lookup(value: Raw, table: dict[str, str], refusal: str) -> str:
    text = _as_text(value)
    code = table.get(_key(text))
    if code is None:
        raise ValueRefused(refusal.format(text))
    return code


def _prefix_lookup(key: str, table: dict[str, str]) -> str | None:
    """The code of the longest spelling that ``key`` equals or starts with (then a space):
    "dai hoc su pham" → the code of "dai hoc"."""
    for spelling in sorted(table, key=len, reverse=True):
        if key == spelling or key.startswith(spelling + " "):
            return table[spelling]
    return None


# --- text, codes and numbers ----------------------------------------------------------------


def parse_text(value: Raw) -> str | None:
    """Trimmed text with white space collapsed; None when blank."""
    return None if is_blank(value) else _as_text(value)


def parse_code(value: Raw) -> str | None:
    """An organization code: upper case, without any space ("lp. b01 " → "LP.B01")."""
    text = parse_text(value)
    return None if text is None else text.replace(" ", "").upper()


def _digits(value: Raw, what: str) -> tuple[str, bool] | None:
    """(digits as text, whether Excel stored the cell as a number), or None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueRefused(f"{what} không hợp lệ «{_as_text(value)}»: chỉ gồm chữ số.")
    if isinstance(value, float) and not value.is_integer():
        raise ValueRefused(f"{what} không hợp lệ «{value}»: chỉ gồm chữ số.")
    text = _as_text(value).replace(" ", "")
    text = re.sub(r"^(\d+)\.0+$", r"\1", text)  # "79012345.0" from a converted file
    if not text.isascii() or not text.isdigit():
        raise ValueRefused(f"{what} không hợp lệ «{_as_text(value)}»: chỉ gồm chữ số.")
    return text, not isinstance(value, str)


_DOTTED_CARD = re.compile(r"^\d+(\.\d+)+$")
_FLOAT_ARTIFACT = re.compile(r"^\d+\.0+$")


def parse_card_number(value: Raw) -> str | None:
    """A party card number: digits, possibly grouped by dots as printed on some cards
    ("12.000777"); 79012345.0 (a number Excel converted) → "79012345"."""
    if isinstance(value, str):
        text = value.replace(" ", "")
        if _DOTTED_CARD.match(text) and not _FLOAT_ARTIFACT.match(text):
            if len(text) > 20:
                raise ValueRefused(f"Số thẻ đảng viên «{text}» quá dài: tối đa 20 ký tự.")
            return text
    found = _digits(value, "Số thẻ đảng viên")
    if found is not None and len(found[0]) > 20:
        raise ValueRefused(f"Số thẻ đảng viên «{found[0]}» quá dài: tối đa 20 chữ số.")
    return None if found is None else found[0]


def parse_national_id(value: Raw) -> str | None:
    """A national ID: 12 digits (CCCD) or 9 (old CMND).

    A CCCD begins with a province code 001–096, so when Excel stored it as a number its lost
    leading zeros are certain and are put back (10 or 11 digits → 12). Text keeps its zeros.
    """
    found = _digits(value, "Số CCCD")
    if found is None:
        return None
    digits, was_number = found
    if was_number and len(digits) in (10, 11):
        digits = digits.zfill(12)
    if len(digits) not in (9, 12):
        hint = (
            " Có thể Excel đã bỏ số 0 ở đầu: hãy định dạng cột là Văn bản (Text)."
            if was_number
            else ""
        )
        raise ValueRefused(
            f"Số CCCD «{digits}» có {len(digits)} chữ số: cần 12 chữ số (hoặc 9 chữ số CMND cũ).{hint}"
        )
    return digits


# --- dates ----------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d+)$")
_YEAR_FIRST = re.compile(r"^(\d+)-(\d{1,2})-(\d{1,2})$")
_MIDNIGHT = re.compile(r"[ t]0?0:00(:00(\.0+)?)?$")


def _checked_date(year: int, month: int, day: int, shown: str) -> datetime.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueRefused(
            f"Ngày «{shown}» không hợp lệ: năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}."
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueRefused(
            f"Ngày «{shown}» không tồn tại: kiểm tra ngày và tháng (dạng dd/mm/yyyy)."
        ) from None


def _date_from_text(text: str) -> datetime.date:
    shown = text
    compact = _MIDNIGHT.sub("", text.lower().strip())  # "1988-11-23 00:00:00" from a CSV
    compact = re.sub(r"\s+", "", compact)
    if match := _DAY_FIRST.match(compact):
        day, _, month, year = match.groups()
    elif match := _YEAR_FIRST.match(compact):
        year, month, day = match.groups()
    else:
        raise ValueRefused(f"Ngày không hợp lệ «{shown}»: cần dạng {DATE_FORMS}.")
    if len(year) != 4:
        raise ValueRefused(f"Ngày «{shown}» không hợp lệ: năm phải đủ 4 chữ số (dd/mm/yyyy).")
    return _checked_date(int(year), int(month), int(day), shown)


def _date_from_serial(number: float) -> datetime.date:
    if MIN_YEAR <= number <= MAX_YEAR and float(number).is_integer():
        raise ValueRefused(
            f"Ngày không hợp lệ «{int(number)}»: chỉ có năm, cần ngày đầy đủ dạng dd/mm/yyyy."
        )
    try:
        moment = from_excel(number) if number >= 1 else None
    except (OverflowError, ValueError):
        moment = None
    if moment is None:
        raise ValueRefused(f"Ngày không hợp lệ «{_as_text(number)}»: cần dạng {DATE_FORMS}.")
    return _checked_date(moment.year, moment.month, moment.day, moment.strftime("%d/%m/%Y"))


def parse_date(value: Raw) -> datetime.date | None:
    """A date from an Excel date, an Excel serial number (45839 → 1/7/2025) or text
    dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd. Impossible dates, two-digit years
    and years outside 1900–2100 are refused; so is a bare year (1975), not a serial number."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return _checked_date(value.year, value.month, value.day, value.strftime("%d/%m/%Y"))
    if isinstance(value, bool):
        raise ValueRefused(f"Ngày không hợp lệ: cần dạng {DATE_FORMS}.")
    if isinstance(value, int | float):
        return _date_from_serial(value)
    return _date_from_text(str(value))


# --- vocabularies of people (DOMAIN.md §3) ---------------------------------------------------

_GENDER = _table(
    {
        Gender.MALE: ("Nam", "Nam giới"),
        Gender.FEMALE: ("Nữ", "Nữ giới"),
    }
)


def parse_gender(value: Raw) -> str | None:
    """Nam / Nữ in any case, with or without diacritics → "male" / "female"."""
    if is_blank(value):
        return None
    return _lookup(value, _GENDER, "Không rõ giới tính «{}»: dùng Nam hoặc Nữ.")


def parse_ethnicity(value: Raw) -> str | None:
    """One of the 54 groups in any usual spelling (H'Mông = Hmông = Mông) → its code."""
    if is_blank(value):
        return None
    text = _as_text(value)
    code = match_ethnicity(text)
    if code is None:
        raise ValueRefused(
            f"Không rõ dân tộc «{text}»: dùng tên trong danh mục 54 dân tộc, "
            "ví dụ Kinh, Tày, Thái, Mường, Nùng, Mông (H'Mông), Dao, Giáy."
        )
    return str(code)


_NO_RELIGION = {_key(s) for s in ("Không", "Không có", "Không theo", "Không tôn giáo")}


def parse_religion(value: Raw) -> str:
    """Blank or "Không" → "" (no religion); anything else → that religion, spaces tidied."""
    if is_blank(value):
        return ""
    text = _as_text(value)
    return "" if _key(text) in _NO_RELIGION else text


_EDUCATION_REFUSAL = (
    "Không rõ trình độ giáo dục phổ thông «{}»: dùng x/12, x/10, Tiểu học, THCS, THPT, "
    "Cấp I/II/III."
)
_EDUCATION = _table(
    {
        GeneralEducation.BELOW_PRIMARY: (
            "Chưa hết tiểu học",
            "Chưa tốt nghiệp tiểu học",
            "Chưa học hết tiểu học",
            "Mù chữ",
        ),
        GeneralEducation.PRIMARY: ("Tiểu học", "Cấp I", "Cấp 1"),
        GeneralEducation.LOWER_SECONDARY: ("THCS", "Trung học cơ sở", "Cấp II", "Cấp 2"),
        GeneralEducation.UPPER_SECONDARY: ("THPT", "Trung học phổ thông", "Cấp III", "Cấp 3"),
    }
)
# Grades finished (x of x/12 or x/10) from which each level counts, highest first.
_GRADE_LEVELS = {
    12: ((12, GeneralEducation.UPPER_SECONDARY), (9, GeneralEducation.LOWER_SECONDARY)),
    10: ((10, GeneralEducation.UPPER_SECONDARY), (7, GeneralEducation.LOWER_SECONDARY)),
}
_PRIMARY_FROM = {12: 5, 10: 4}
# "Bổ túc (văn hóa)" marks adult education; the level is the same.
_COMPLEMENTARY = re.compile(r"\b(bo tuc van hoa|bo tuc|btvh|bt)\b")
_FRACTION = re.compile(r"^(\d{1,2})\s*/\s*(\d{1,2})$")


def _education_from_grade(grade: int, system: int, shown: str) -> str:
    if system not in _GRADE_LEVELS:
        raise ValueRefused(
            f"Trình độ giáo dục phổ thông «{shown}» không hợp lệ: "
            "chỉ nhận hệ 12 năm (x/12) hoặc hệ 10 năm (x/10)."
        )
    if grade > system:
        raise ValueRefused(
            f"Trình độ giáo dục phổ thông «{shown}» không hợp lệ: "
            f"lớp {grade} vượt quá hệ {system} năm."
        )
    for lowest, level in _GRADE_LEVELS[system]:
        if grade >= lowest:
            return str(level)
    if grade >= _PRIMARY_FROM[system]:
        return str(GeneralEducation.PRIMARY)
    return str(GeneralEducation.BELOW_PRIMARY)


def _education_from_date(value: datetime.date) -> str:
    """Excel turns a typed "9/12" into a date (9 December, or 12 September under a US locale).
    Only one reading of day and month is ever a valid x/12 or x/10, so it is recovered."""
    if isinstance(value, datetime.datetime) and value.time() != datetime.time():
        raise ValueRefused(_EDUCATION_REFUSAL.format(_as_text(value)))
    for grade, system in ((value.day, value.month), (value.month, value.day)):
        if system in _GRADE_LEVELS and grade <= system:
            return _education_from_grade(grade, system, f"{grade}/{system}")
    raise ValueRefused(_EDUCATION_REFUSAL.format(f"{value.day}/{value.month}"))


def parse_general_education(value: Raw) -> str | None:
    """x/12, x/10, Tiểu học, THCS, THPT, Cấp I/II/III (1/2/3), with or without "Bổ túc"
    → a GeneralEducation code."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.date):
        return _education_from_date(value)
    text = _as_text(value)
    if not isinstance(value, str):
        raise ValueRefused(_EDUCATION_REFUSAL.format(text))
    folded = _COMPLEMENTARY.sub(" ", fold(text))
    folded = re.sub(r"^tot nghiep\b", " ", folded.strip())
    folded = re.sub(r"[()]", " ", folded).strip()
    if match := _FRACTION.match(folded):
        return _education_from_grade(int(match[1]), int(match[2]), text)
    code = _EDUCATION.get(_key(folded))
    if code is None:
        raise ValueRefused(_EDUCATION_REFUSAL.format(text))
    return code


_UNTRAINED = ("Không", "Chưa qua đào tạo", "Chưa đào tạo", "Chưa")
_PROFESSIONAL = _table(
    {
        Professional.NONE: _UNTRAINED,
        Professional.ELEMENTARY: ("Sơ cấp", "SC"),
        Professional.INTERMEDIATE: (
            "Trung cấp",
            "TC",
            "TCCN",
            "Trung học chuyên nghiệp",
            "THCN",
        ),
        Professional.COLLEGE: ("Cao đẳng", "CĐ"),
        Professional.UNIVERSITY: (
            "Đại học",
            "ĐH",
            "Cử nhân",
            "CN",
            "Kỹ sư",
            "Kĩ sư",
            "KS",
            "Bác sĩ",
            "Bác sỹ",
            "Dược sĩ",
            "Dược sỹ",
        ),
        Professional.MASTER: ("Thạc sĩ", "Thạc sỹ", "ThS", "Cao học"),
        Professional.DOCTOR: ("Tiến sĩ", "Tiến sỹ", "TS"),
    }
)


def parse_professional(value: Raw) -> str:
    """Sơ cấp|SC, Trung cấp|TC, Cao đẳng|CĐ, Đại học|ĐH|Cử nhân|Kỹ sư, Thạc sĩ|ThS,
    Tiến sĩ|TS, possibly followed by the field ("Đại học Sư phạm"); blank, Không,
    Chưa qua đào tạo → "none". A Professional code."""
    if is_blank(value):
        return str(Professional.NONE)
    text = _as_text(value)
    code = _prefix_lookup(_key(text), _PROFESSIONAL)
    if code is None:
        raise ValueRefused(
            f"Không rõ trình độ chuyên môn «{text}»: dùng Sơ cấp, Trung cấp, Cao đẳng, Đại học, "
            "Thạc sĩ, Tiến sĩ hoặc Không."
        )
    return code


_POLITICAL_THEORY = _table(
    {
        PoliticalTheory.NONE: _UNTRAINED,
        PoliticalTheory.ELEMENTARY: ("Sơ cấp", "SC"),
        PoliticalTheory.INTERMEDIATE: ("Trung cấp", "TC"),
        PoliticalTheory.ADVANCED: ("Cao cấp", "CC", "Cử nhân", "CN"),
    }
)


def parse_political_theory(value: Raw) -> str:
    """Sơ cấp|SC, Trung cấp|TC, Cao cấp|CC|Cử nhân|CN, possibly followed by "lý luận chính
    trị" / "LLCT"; blank, Không, Chưa qua đào tạo → "none". A PoliticalTheory code."""
    if is_blank(value):
        return str(PoliticalTheory.NONE)
    text = _as_text(value)
    code = _prefix_lookup(_key(text), _POLITICAL_THEORY)
    if code is None:
        raise ValueRefused(
            f"Không rõ trình độ lý luận chính trị «{text}»: dùng Sơ cấp, Trung cấp, "
            "Cao cấp (Cử nhân) hoặc Không."
        )
    return code


_WORK_STATUS = _table(
    {
        WorkStatus.WORKING: ("Đang công tác", "Đang làm việc", "Đang công tác, làm việc"),
        WorkStatus.RETIRED: (
            "Nghỉ hưu",
            "Đã nghỉ hưu",
            "Hưu trí",
            "Nghỉ công tác",
            "Nghỉ mất sức",
            "Nghỉ hưu, nghỉ công tác",
        ),
    }
)


def parse_work_status(value: Raw) -> str | None:
    """Đang công tác | Đang làm việc → "working"; Nghỉ hưu | Nghỉ công tác | Nghỉ mất sức
    → "retired"."""
    if is_blank(value):
        return None
    return _lookup(
        value,
        _WORK_STATUS,
        "Không rõ tình trạng công tác «{}»: dùng Đang công tác, Đang làm việc, Nghỉ hưu, "
        "Nghỉ công tác hoặc Nghỉ mất sức.",
    )


_DEPARTURE = _table(
    {
        EventKind.TRANSFERRED_OUT: ("Chuyển đi", "Chuyển sinh hoạt đi", "Chuyển sinh hoạt"),
        EventKind.REMOVED: ("Xóa tên", "Xoá tên", "Ra khỏi Đảng", "Xin ra khỏi Đảng"),
        EventKind.EXPELLED: ("Khai trừ",),
        EventKind.DIED: ("Từ trần", "Chết", "Mất", "Đã mất", "Qua đời"),
    }
)


def parse_departure_reason(value: Raw) -> str | None:
    """Lý do đi → an EventKind: Chuyển đi, Xóa tên, Khai trừ, Từ trần (Chết, Mất),
    Ra khỏi Đảng (a removal)."""
    if is_blank(value):
        return None
    return _lookup(
        value,
        _DEPARTURE,
        "Không rõ lý do đi «{}»: dùng Chuyển đi, Xóa tên, Khai trừ, Từ trần hoặc Ra khỏi Đảng.",
    )


_YES = {_key(s) for s in ("x", "Có", "C", "Yes")}
_NO = {_key(s) for s in ("Không", "K")}


def parse_exemption(value: Raw) -> str | None:
    """Miễn sinh hoạt: blank or "Không" → None (not exempt); "x" or "Có" → a generic reason;
    any other text → that text as the reason ("Tuổi cao, sức yếu")."""
    if is_blank(value) or value is False or value == 0:
        return None
    text = _as_text(value)
    key = _key(text)
    if key in _NO:
        return None
    if key in _YES or value is True or value == 1:
        return EXEMPTION_GENERIC_REASON
    return text


# --- vocabularies of organizations (DOMAIN.md §2) --------------------------------------------

_ORG_KIND = _table(
    {
        OrgKind.COMMUNE_COMMITTEE: (
            "Đảng bộ xã",
            "Đảng bộ phường",
            "Đảng bộ đặc khu",
            "Đảng bộ thị trấn",
        ),
        OrgKind.BASE_COMMITTEE: ("Đảng bộ cơ sở", "ĐBCS"),
        OrgKind.BASE_CELL: ("Chi bộ cơ sở", "CBCS"),
        OrgKind.SUB_COMMITTEE: ("Đảng bộ bộ phận", "ĐBBP"),
        OrgKind.CELL: ("Chi bộ", "Chi bộ trực thuộc"),
        OrgKind.GROUP: ("Tổ đảng",),
    }
)


def parse_org_kind(value: Raw) -> str | None:
    """Loại tổ chức → an OrgKind. Whole words are compared, so "Chi bộ cơ sở" (base_cell) is
    never taken for "Chi bộ" (cell)."""
    if is_blank(value):
        return None
    return _lookup(
        value,
        _ORG_KIND,
        "Không rõ loại tổ chức «{}»: dùng Đảng bộ xã (phường, đặc khu), Đảng bộ cơ sở, "
        "Chi bộ cơ sở, Đảng bộ bộ phận, Chi bộ hoặc Tổ đảng.",
    )


_CATEGORY = _table(
    {
        Category.LOCALITY: (
            "Thôn, bản, tổ dân phố",
            "Thôn",
            "Bản",
            "Thôn, bản",
            "Tổ dân phố",
            "Khu dân cư",
        ),
        Category.SCHOOL: ("Trường học", "Trường", "Giáo dục"),
        Category.HEALTH: ("Y tế", "Trạm y tế"),
        Category.POLICE: ("Công an",),
        Category.MILITARY: ("Quân sự", "Quân đội"),
        Category.PARTY_AGENCY: (
            "Cơ quan Đảng, Mặt trận, đoàn thể",
            "Cơ quan Đảng",
            "Đảng, Mặt trận, đoàn thể",
            "Mặt trận, đoàn thể",
        ),
        Category.GOVERNMENT: ("Cơ quan chính quyền", "Chính quyền"),
        Category.PUBLIC_SERVICE: ("Đơn vị sự nghiệp", "Sự nghiệp"),
        Category.STATE_ENTERPRISE: ("Doanh nghiệp nhà nước", "DNNN"),
        Category.PRIVATE_ENTERPRISE: (
            "Doanh nghiệp ngoài nhà nước",
            "Doanh nghiệp tư nhân",
            "Ngoài nhà nước",
        ),
        Category.OTHER: ("Khác",),
    }
)


def parse_category(value: Raw) -> str:
    """Loại hình → a Category code; short forms (Thôn, Bản, Trường...) where unambiguous;
    blank → "other"."""
    if is_blank(value):
        return str(Category.OTHER)
    return _lookup(
        value,
        _CATEGORY,
        "Không rõ loại hình «{}»: dùng Thôn, bản, tổ dân phố; Trường học; Y tế; Công an; "
        "Quân sự; Cơ quan Đảng, Mặt trận, đoàn thể; Cơ quan chính quyền; Đơn vị sự nghiệp; "
        "Doanh nghiệp nhà nước; Doanh nghiệp ngoài nhà nước hoặc Khác.",
    )
