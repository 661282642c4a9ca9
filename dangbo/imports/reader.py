"""Finding the sheets, the header row and the columns of the import workbook (DOMAIN.md §4).

Sheets are found by name and columns by header text, ignoring case, diacritics, punctuation and
extra spaces; the header row may follow title rows and merged cells; unknown columns are ignored.
The workbook is opened by the caller with ``openpyxl.load_workbook(path, data_only=True)``;
nothing here touches the database.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dangbo.core.text import fold

from . import values as v

HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    ``header`` is the canonical Vietnamese header (the exporter writes it), ``aliases`` other
    headers accepted on import. ``required``: the header must be present, and the importer
    refuses a row whose cell is blank. ``parse`` turns the raw cell into the stored value or
    raises ``values.ValueRefused``.
    """

    key: str
    header: str
    parse: Callable[[Any], Any]
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def spellings(self) -> frozenset[str]:
        """The folded headers this column answers to."""
        return frozenset(header_key(text) for text in (self.header, *self.aliases))


ORG_SHEET_TITLE = "Tổ chức"
MEMBER_SHEET_TITLE = "Đảng viên"

ORG_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã", v.parse_code, ("Mã tổ chức",), required=True),
    Column("name", "Tên tổ chức", v.parse_text, ("Tên",), required=True),
    Column("kind", "Loại tổ chức", v.parse_org_kind, required=True),
    Column("category", "Loại hình", v.parse_category, ("Loại hình tổ chức",)),
    Column("parent_code", "Mã cấp trên", v.parse_code, ("Mã tổ chức cấp trên",)),
    Column("established_on", "Ngày thành lập", v.parse_date, required=True),
    Column("dissolved_on", "Ngày giải thể", v.parse_date, ("Ngày giải thể, sáp nhập",)),
)

MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("seq", "STT", v.parse_text, ("TT", "Số TT", "Số thứ tự")),
    Column("full_name", "Họ và tên", v.parse_text, ("Họ tên",), required=True),
    Column("birth_date", "Ngày sinh", v.parse_date, ("Ngày tháng năm sinh",), required=True),
    Column("gender", "Giới tính", v.parse_gender, required=True),
    Column("ethnicity", "Dân tộc", v.parse_ethnicity),
    Column("religion", "Tôn giáo", v.parse_religion),
    Column("national_id", "Số CCCD", v.parse_national_id, ("CCCD", "Số căn cước")),
    Column(
        "general_education",
        "Giáo dục phổ thông",
        v.parse_general_education,
        ("Trình độ giáo dục phổ thông", "Trình độ văn hóa", "Văn hóa"),
    ),
    Column(
        "professional",
        "Chuyên môn",
        v.parse_professional,
        ("Trình độ chuyên môn", "Chuyên môn, nghiệp vụ", "Chuyên môn nghiệp vụ"),
    ),
    Column(
        "political_theory",
        "Lý luận chính trị",
        v.parse_political_theory,
        ("Trình độ lý luận chính trị", "LLCT"),
    ),
    Column("work_status", "Tình trạng công tác", v.parse_work_status),
    Column("admitted_on", "Ngày vào Đảng", v.parse_date, ("Ngày kết nạp",), required=True),
    Column("official_on", "Ngày chính thức", v.parse_date, ("Ngày công nhận chính thức",)),
    Column("card_number", "Số thẻ đảng viên", v.parse_card_number, ("Số thẻ", "Số thẻ Đảng")),
    Column("cell_code", "Mã chi bộ", v.parse_code, required=True),
    Column("arrived_on", "Ngày đến", v.parse_date),
    Column("left_on", "Ngày đi", v.parse_date),
    Column("left_reason", "Lý do đi", v.parse_departure_reason),
    Column("exemption", "Miễn sinh hoạt", v.parse_exemption, ("Miễn công tác và sinh hoạt đảng",)),
    Column("exempt_since", "Ngày miễn sinh hoạt", v.parse_date),
)

# Columns that alone do not make a row worth reading (a template's pre-numbered STT).
NUMBERING_KEYS = frozenset({"seq"})

_NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")


def header_key(text: Any) -> str:
    """A header or sheet name compared loosely: "Họ  và tên (*)" → "ho va ten"."""
    return _NOT_KEY_CHARS.sub(" ", fold("" if text is None else str(text))).strip()


# --- sheets ---------------------------------------------------------------------------------


@dataclass
class Sheets:
    """The sheets found in a workbook; None when absent."""

    organizations: Any = None
    members: Any = None


def find_sheets(workbook) -> Sheets:
    """The organization sheet (its name contains "tổ chức") and the member sheet (its name
    contains "đảng viên"), by name ignoring case and diacritics; an exact name is preferred,
    and one sheet never plays both parts."""
    found = Sheets()
    titled = [(header_key(ws.title), ws) for ws in workbook.worksheets]
    for attr, words in (("organizations", "to chuc"), ("members", "dang vien")):
        taken = (found.organizations, found.members)
        candidates = [
            (name != words, index, ws)
            for index, (name, ws) in enumerate(titled)
            if f" {words} " in f" {name} " and all(ws is not other for other in taken)
        ]
        if candidates:
            setattr(found, attr, min(candidates, key=lambda c: c[:2])[2])
    return found


# --- header ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """Where a sheet's header is: ``row`` (1-based), ``columns`` {key: 1-based column index}
    for the columns found, and the header texts of the columns ``ignored``."""

    row: int
    columns: dict[str, int]
    ignored: tuple[str, ...] = field(default=())


class HeaderNotFound(ValueError):
    """No row of the first ones holds every required header; ``message`` in Vietnamese,
    ``missing`` the canonical headers not found."""

    def __init__(self, sheet_title: str, missing: list[str], best_row: int | None):
        where = f" (gần đủ nhất là dòng {best_row})" if best_row else ""
        listed = ", ".join(f"«{header}»" for header in missing)
        message = (
            f"Trang «{sheet_title}»: không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} "
            f"dòng đầu{where}. Thiếu cột bắt buộc: {listed}."
        )
        super().__init__(message)
        self.message = message
        self.sheet_title = sheet_title
        self.missing = missing


def _match_row(cells: tuple, columns: tuple[Column, ...]) -> tuple[dict[str, int], list[str]]:
    """{key: column index} of the columns a row names (first occurrence wins), and the
    texts of the other non-empty cells."""
    by_spelling = {spelling: col.key for col in columns for spelling in col.spellings}
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells, start=1):
        key = by_spelling.get(header_key(cell))
        if key is not None and key not in found:
            found[key] = index
        elif header_key(cell):
            ignored.append(str(cell).strip())
    return found, ignored


def find_header(worksheet, columns: tuple[Column, ...]) -> Header:
    """The first row among the first 20 that names every required column; raises
    ``HeaderNotFound`` listing the required headers missing from the closest row."""
    required = [col for col in columns if col.required]
    best: tuple[int, int, list[str]] | None = None  # (found, row, missing)
    rows = worksheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, values_only=True)
    for number, cells in enumerate(rows, start=1):
        found, ignored = _match_row(cells, columns)
        missing = [col.header for col in required if col.key not in found]
        if not missing:
            return Header(row=number, columns=found, ignored=tuple(ignored))
        if found and (best is None or len(found) > best[0]):
            best = (len(found), number, missing)
    if best is None:
        raise HeaderNotFound(worksheet.title, [col.header for col in required], None)
    raise HeaderNotFound(worksheet.title, best[2], best[1])


# --- rows -----------------------------------------------------------------------------------


def iter_rows(worksheet, header: Header) -> Iterator[tuple[int, dict[str, Any]]]:
    """(Excel row number, {key: raw cell value}) for each row below the header, skipping rows
    blank in every known column (a pre-numbered STT alone counts as blank)."""
    rows = worksheet.iter_rows(min_row=header.row + 1, values_only=True)
    for number, cells in enumerate(rows, start=header.row + 1):
        raw = {
            key: cells[index - 1] if index <= len(cells) else None
            for key, index in header.columns.items()
        }
        if any(not v.is_blank(value) for key, value in raw.items() if key not in NUMBERING_KEYS):
            yield number, raw


@dataclass(frozen=True)
class CellRefusal:
    """A refused cell: the column's key and header, the raw value and the reason."""

    key: str
    header: str
    value: Any
    message: str


def parse_row(
    columns: tuple[Column, ...], raw: dict[str, Any]
) -> tuple[dict[str, Any], list[CellRefusal]]:
    """The parsed values ({key: value}) of the columns present in ``raw`` (a row from
    ``iter_rows``), and the refusals: unreadable values, and blanks in required columns.
    Columns absent from the sheet are absent from the result, so that an importer can leave
    what the file does not speak of untouched."""
    parsed: dict[str, Any] = {}
    refusals: list[CellRefusal] = []
    for col in columns:
        if col.key not in raw:
            continue
        value = raw[col.key]
        if col.required and v.is_blank(value):
            refusals.append(CellRefusal(col.key, col.header, value, f"Thiếu «{col.header}»."))
            continue
        try:
            parsed[col.key] = col.parse(value)
        except v.ValueRefused as refused:
            refusals.append(CellRefusal(col.key, col.header, value, refused.message))
    return parsed, refusals
