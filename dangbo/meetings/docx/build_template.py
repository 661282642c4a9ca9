"""Build the Word template of the minutes (biên bản), ``bien-ban.docx``, next to this file.

The template is an ordinary Word document that staff may open and edit (wording, fonts,
margins); the Jinja tags in it (``{{ … }}``, ``{%p for … %}`` paragraph loops and
``{%tr for … %}`` table-row loops, see docxtpl) are filled in by ``dangbo.meetings.minutes``.
Run it again to start over from the layout below:

    .venv/bin/python dangbo/meetings/docx/build_template.py

The layout follows the usual form of a cell's minutes (Hướng dẫn 36-HD/VPTW): the party
header (upper committee and cell on the left, «ĐẢNG CỘNG SẢN VIỆT NAM» on the right), the place
and date, the title, then time and place, who chaired and took the minutes, attendance,
the agenda, the proceedings, who spoke, the votes, the resolution, and the signatures.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TARGET = Path(__file__).with_name("bien-ban.docx")
FONT = "Times New Roman"


def _font(style, size: float) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _para(
    container,
    text: str = "",
    *,
    bold=False,
    italic=False,
    underline=False,
    align=None,
    size=None,
    before=0,
    after=3,
    indent=False,
):
    paragraph = container.add_paragraph()
    if text:
        _run(paragraph, text, bold=bold, italic=italic, underline=underline, size=size)
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1)
    return paragraph


def _run(paragraph, text: str, *, bold=False, italic=False, underline=False, size=None):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size:
        run.font.size = Pt(size)
    return run


def _labelled(container, label: str, value: str, *, indent=True):
    """«Label: value» — the label plain, the value (a tag) in its own run."""
    paragraph = _para(container, indent=indent)
    _run(paragraph, label)
    _run(paragraph, value)
    return paragraph


def _cell(cell, text: str = "", *, bold=False, italic=False, align=None, size=None):
    """Write into a table cell's first paragraph (a new cell has one, empty)."""
    paragraph = cell.paragraphs[0]
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _widths(table, widths_cm) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _grid(doc, headers, widths, row_tags, loop: str, empty: str, empty_column: int = 1):
    """A bordered table: a header row, then ``{%tr for %}`` rows, and a row for «none»."""
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = table.add_row().cells
    for cell, header in zip(cells, headers, strict=True):
        _cell(cell, header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(table.add_row().cells[0], f"{{%tr for {loop} %}}")
    cells = table.add_row().cells
    for index, (cell, tag) in enumerate(zip(cells, row_tags, strict=True)):
        _cell(cell, tag, align=WD_ALIGN_PARAGRAPH.CENTER if index != 1 else None)
    _cell(table.add_row().cells[0], "{%tr endfor %}")
    list_name = loop.split(" in ", 1)[1]
    _cell(table.add_row().cells[0], f"{{%tr if not {list_name} %}}")
    cells = table.add_row().cells
    _cell(cells[empty_column], empty, italic=True)
    _cell(table.add_row().cells[0], "{%tr endif %}")
    _widths(table, widths)
    return table


def _loop(doc, items: str, var: str = "line", *, indent=True, prefix: str = ""):
    """One paragraph per item of a list: ``{%p for %}`` … ``{%p endfor %}``."""
    _para(doc, f"{{%p for {var} in {items} %}}")
    _para(doc, f"{prefix}{{{{ {var} }}}}", indent=indent)
    _para(doc, "{%p endfor %}")


def build(target: Path = TARGET) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _font(doc.styles["Normal"], 13)
    doc.core_properties.title = "Biên bản sinh hoạt chi bộ"
    doc.core_properties.author = "Đảng bộ số"
    doc.core_properties.language = "vi-VN"
    doc.core_properties.comments = (
        "Mẫu biên bản của Đảng bộ số: sửa chữ, phông, lề tùy ý; giữ nguyên các thẻ trong "
        "ngoặc nhọn (chúng được thay bằng dữ liệu cuộc họp)."
    )

    # -- the header: party organization left, «ĐẢNG CỘNG SẢN VIỆT NAM» right -------------------
    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    _cell(left, "{{ upper_name }}", align=center)
    paragraph = left.add_paragraph()
    paragraph.alignment = center
    _run(paragraph, "{{ org_name }}", bold=True)
    paragraph = left.add_paragraph()
    paragraph.alignment = center
    _run(paragraph, "*")
    _cell(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, align=center)
    right.paragraphs[0].runs[0].underline = True
    paragraph = right.add_paragraph()
    paragraph.alignment = center
    paragraph.paragraph_format.space_before = Pt(6)
    _run(paragraph, "{{ place_name }}, {{ date_line }}", italic=True)
    _widths(header, [7.5, 9])

    # -- the title --------------------------------------------------------------------------
    _para(doc, "BIÊN BẢN", bold=True, align=center, size=15, before=18, after=0)
    _para(doc, "{{ subtitle }}", bold=True, align=center, after=0)
    _para(doc, "{%p if topic %}")
    _para(doc, "{{ topic }}", italic=True, align=center, after=0)
    _para(doc, "{%p endif %}")
    _para(doc, "-----", align=center, after=12)

    # -- I. time, place, who ----------------------------------------------------------------
    _para(doc, "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", bold=True, before=6)
    _labelled(doc, "1. Thời gian: ", "{{ time_line }}")
    _labelled(doc, "2. Địa điểm: ", "{{ place }}")
    paragraph = _para(doc, indent=True)
    _run(paragraph, "3. Chủ trì: đồng chí ")
    _run(paragraph, "{{ chair }}", bold=True)
    _run(paragraph, "; thư ký: đồng chí ")
    _run(paragraph, "{{ secretary }}", bold=True)
    _run(paragraph, ".")
    _para(doc, "4. Thành phần dự:", indent=True)
    _labelled(
        doc,
        "- Tổng số đảng viên của chi bộ: ",
        "{{ total }} đồng chí; "
        "miễn sinh hoạt: {{ exempt_count }}; phải dự sinh hoạt: {{ expected }} đồng chí.",
    )
    paragraph = _para(doc, indent=True)
    _run(paragraph, "- Có mặt: ")
    _run(paragraph, "{{ present }}", bold=True)
    _run(
        paragraph,
        "/{{ expected }} đồng chí ({{ percent }}); vắng có lý do: {{ excused_count }}; "
        "vắng không lý do: {{ absent_count }}{% if not_recorded %}; chưa điểm danh: "
        "{{ not_recorded }}{% endif %}.",
    )
    _para(doc, "- Vắng có lý do:", indent=True)
    _grid(
        doc,
        ["STT", "Họ và tên", "Lý do vắng"],
        [1.5, 6.5, 8.5],
        ["{{ loop.index }}", "{{ e.name }}", "{{ e.reason }}"],
        "e in excused",
        "Không có",
    )
    _labelled(doc, "- Vắng không lý do: ", "{{ absent_names }}")
    _labelled(doc, "- Miễn sinh hoạt: ", "{{ exempt_names }}")
    _labelled(doc, "- Đồng chí cấp ủy cấp trên dự: ", "{{ upper_attendee }}")

    # -- II. content ------------------------------------------------------------------------
    _para(doc, "II. NỘI DUNG", bold=True, before=6)
    _para(doc, "1. Chương trình:", indent=True)
    _loop(doc, "agenda", "item", prefix="- ")
    _para(doc, "2. Diễn biến:", indent=True)
    _loop(doc, "minutes")
    _para(doc, "3. Ý kiến phát biểu:", indent=True)
    _grid(
        doc,
        ["STT", "Họ và tên", "Ý kiến"],
        [1.5, 5, 10],
        ["{{ loop.index }}", "{{ s.name }}", "{{ s.note }}"],
        "s in speakers",
        "Không có ý kiến",
    )
    _para(doc, "4. Biểu quyết:", indent=True, before=6)
    _grid(
        doc,
        ["Nội dung biểu quyết", "Tán thành", "Không tán thành", "Không biểu quyết"],
        [7.5, 3, 3, 3],
        ["{{ v.item }}", "{{ v.votes_for }}", "{{ v.votes_against }}", "{{ v.abstentions }}"],
        "v in votes",
        "Không có nội dung biểu quyết",
        empty_column=0,
    )
    _para(doc, "5. Nghị quyết, kết luận:", indent=True, before=6)
    _loop(doc, "resolution")
    _para(
        doc,
        "Cuộc họp kết thúc {{ end_line }}. Biên bản đã được đọc lại trước chi bộ và được "
        "nhất trí thông qua.",
        indent=True,
        before=6,
    )

    # -- signatures -------------------------------------------------------------------------
    signatures = doc.add_table(rows=1, cols=2)
    signatures.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title, name in zip(
        signatures.rows[0].cells,
        ("THƯ KÝ", "CHỦ TRÌ"),
        ("{{ secretary_signature }}", "{{ chair_signature }}"),
        strict=True,
    ):
        _cell(cell, title, bold=True, align=center)
        paragraph = cell.add_paragraph()
        paragraph.alignment = center
        _run(paragraph, "(Ký, ghi rõ họ tên)", italic=True, size=11)
        for _ in range(4):
            cell.add_paragraph()
        paragraph = cell.add_paragraph()
        paragraph.alignment = center
        _run(paragraph, name, bold=True)
    _widths(signatures, [8, 8.5])
    signatures.rows[0].cells[0].paragraphs[0].paragraph_format.space_before = Pt(12)
    signatures.rows[0].cells[1].paragraphs[0].paragraph_format.space_before = Pt(12)

    doc.save(target)
    return target


if __name__ == "__main__":
    print(build())
