"""Tables as an .xlsx workbook: numbers stay numbers, shares are Excel percentages (Excel shows
them as 91,6% under Vietnamese settings)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .tables import Table

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill("solid", fgColor="F2DCDB")


def tables_workbook(
    heading: list[str], tables: list[Table], sheet_title: str = "Thống kê"
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    row = 1
    for i, line in enumerate(heading):
        ws.cell(row=row, column=1, value=line).font = Font(bold=i == 0, size=13 if i == 0 else 11)
        row += 1
    for table in tables:
        row += 1
        ws.cell(row=row, column=1, value=table.title).font = Font(bold=True)
        row += 1
        headers = ["Chỉ tiêu", table.count_label] + (
            [table.share_label] if table.share_label else []
        )
        for col, text in enumerate(headers, 1):
            cell = ws.cell(row=row, column=col, value=text)
            cell.font, cell.fill, cell.border = Font(bold=True), HEAD, BOX
        row += 1
        lines = [(r.label, r.count, r.share, r.level, False) for r in table.rows]
        if table.total is not None:
            lines.append((table.total_label, table.total, 100 if table.total else None, 0, True))
        for label, count, share, level, is_total in lines:
            label_cell = ws.cell(row=row, column=1, value=label)
            label_cell.alignment = Alignment(indent=2 * level)
            ws.cell(row=row, column=2, value=count).number_format = "#,##0"
            if table.share_label:
                share_cell = ws.cell(
                    row=row, column=3, value=None if share is None else float(share) / 100
                )
                share_cell.number_format = "0.0%"
            for col in range(1, len(headers) + 1):
                ws.cell(row=row, column=col).border = BOX
                if is_total:
                    ws.cell(row=row, column=col).font = Font(bold=True)
            row += 1
        if table.note:
            ws.cell(row=row, column=1, value=table.note).font = Font(italic=True, size=9)
            row += 1
    for col, width in ((1, 48), (2, 14), (3, 12)):
        ws.column_dimensions[get_column_letter(col)].width = width
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
