"""The workbook exporter: the layout commune offices keep (DOMAIN.md §4), for a subtree.

Members present on a date, plus those who left within a chosen period; their organizations.
Dates are real Excel dates shown dd/mm/yyyy, vocabularies in Vietnamese, card numbers and IDs as
text. The importer reads it back, and importing an export changes nothing.
"""

from datetime import date
from io import BytesIO

from django.db.models import Prefetch, Q
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dangbo.members.choices import (
    Ethnicity,
    EventKind,
    Gender,
    GeneralEducation,
    MemberState,
    PoliticalTheory,
    Professional,
    WorkStatus,
)
from dangbo.members.models import Member, MemberEvent
from dangbo.members.selectors import present_periods
from dangbo.organizations.choices import Category, OrgKind
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import alive_at, subtree

from . import reader
from .rows import member_row, org_row

LEFT_LABELS = {
    EventKind.TRANSFERRED_OUT: "Chuyển đi",
    EventKind.REMOVED: "Xóa tên",
    EventKind.EXPELLED: "Khai trừ",
    EventKind.DIED: "Từ trần",
}
LABELS = {
    "gender": dict(Gender.choices),
    "ethnicity": dict(Ethnicity.choices),
    "general_education": dict(GeneralEducation.choices),
    "professional": dict(Professional.choices),
    "political_theory": dict(PoliticalTheory.choices),
    "work_status": dict(WorkStatus.choices),
    "left_reason": LEFT_LABELS,
    "kind": dict(OrgKind.choices),
    "category": dict(Category.choices),
}
TEXT_KEYS = {"card_number", "national_id", "code", "parent_code", "cell_code"}
HEAD = PatternFill("solid", fgColor="F2DCDB")


def export_workbook(org: Organization, *, on: date, left_since: date | None = None) -> bytes:
    """The workbook of ``org``'s subtree: members present on ``on``, and those who left in
    (``left_since``, ``on``]."""
    present = present_periods(org, on).values("member_id")
    members_q = Q(pk__in=present)
    if left_since is not None:
        members_q |= Q(
            organization__path__startswith=org.path,
            left_on__gt=left_since,
            left_on__lte=on,
            state__in=[
                MemberState.TRANSFERRED_OUT,
                MemberState.REMOVED,
                MemberState.EXPELLED,
                MemberState.DIED,
            ],
        )
    live = MemberEvent.objects.filter(voided_at__isnull=True).order_by("effective_on", "seq")
    members = list(
        Member.objects.filter(members_q)
        .select_related("person")
        .prefetch_related(Prefetch("events", queryset=live, to_attr="live_events"))
        .order_by("person__sort_key", "pk")
    )
    codes = dict(Organization.objects.values_list("pk", "code"))
    rows = [member_row(m, m.live_events, codes, on) for m in members]
    cells = {r["cell_code"] for r in rows}
    orgs = list(
        subtree(org)
        .filter(alive_at(on) | Q(code__in=cells))
        .select_related("parent")
        .order_by("depth", "code")
    )
    exported = {o.code for o in orgs}
    org_rows = [
        org_row(o, o.parent.code if o.parent and o.parent.code in exported else None) for o in orgs
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = reader.ORG_SHEET_TITLE
    _write(sheet, reader.ORG_COLUMNS, org_rows, [org.name.upper(), "DANH SÁCH TỔ CHỨC ĐẢNG"])
    sheet = workbook.create_sheet(reader.MEMBER_SHEET_TITLE)
    title = f"DANH SÁCH ĐẢNG VIÊN ĐẾN NGÀY {on:%d/%m/%Y}"
    _write(
        sheet,
        reader.MEMBER_COLUMNS,
        [{**r, "seq": i} for i, r in enumerate(rows, 1)],
        [org.name.upper(), title],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(sheet, columns, rows: list[dict], titles: list[str]) -> None:
    for i, text in enumerate(titles, 1):
        sheet.cell(row=i, column=1, value=text).font = Font(bold=True, size=12 if i == 1 else 11)
    header_row = len(titles) + 2
    for index, column in enumerate(columns, 1):
        cell = sheet.cell(row=header_row, column=index, value=column.header)
        cell.font, cell.fill = Font(bold=True), HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) + 4)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for offset, row in enumerate(rows, 1):
        for index, column in enumerate(columns, 1):
            value = _shown(column.key, row.get(column.key))
            cell = sheet.cell(row=header_row + offset, column=index, value=value)
            if isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            elif column.key in TEXT_KEYS:
                cell.number_format = "@"


def _shown(key: str, value):
    if value in (None, ""):
        return None
    if key in LABELS:
        return str(LABELS[key].get(value, value))
    return value
