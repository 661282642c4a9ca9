"""Workbooks for tests, written the way commune offices write them."""

from datetime import datetime
from io import BytesIO

from openpyxl import Workbook

ORG_HEADERS = [
    "Mã",
    "Tên tổ chức",
    "Loại tổ chức",
    "Loại hình",
    "Mã cấp trên",
    "Ngày thành lập",
    "Ngày giải thể",
]
ORGS = [
    ["TX", "Đảng bộ xã Tả Xìn", "Đảng bộ xã", "Khác", None, "01/07/2025", None],
    [
        "TX.B01",
        "Chi bộ bản Tả Xìn",
        "Chi bộ",
        "Thôn, bản, tổ dân phố",
        "TX",
        datetime(2025, 7, 1),
        None,
    ],
    ["TX.B02", "Chi bộ bản Nậm Cha", "chi bộ", "Thôn, bản, tổ dân phố", "TX", "1/7/2025", None],
    ["TX.TH", "Chi bộ Trường Tiểu học", "Chi bộ", "Trường học", "TX", "01-07-2025", None],
    ["TX.CA", "Chi bộ Công an xã", "Chi bộ cơ sở", "Công an", "TX", "01.07.2025", None],
]

# Member columns in a shuffled order, with a note column, as some offices keep them.
MEMBER_HEADERS = [
    "STT",
    "Mã chi bộ",
    "Họ tên",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Tôn giáo",
    "Giáo dục phổ thông",
    "Chuyên môn",
    "Lý luận chính trị",
    "Tình trạng công tác",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ đảng viên",
    "Ngày đến",
    "Ngày đi",
    "Lý do đi",
    "Miễn sinh hoạt",
    "Ngày miễn sinh hoạt",
    "Ghi chú",
]
MEMBERS = [
    # cell, name, sex, birth, ethnicity, religion, education, prof, theory, work, admitted,
    # official, card, arrived, left, reason, exemption, exempt since, note
    [
        "TX.B01",
        "  Giàng  Seo Páo ",
        "Nam",
        "12/03/1975",
        "H'Mông",
        "Không",
        "9/12",
        "Sơ cấp",
        "SC",
        "Đang làm việc",
        "20/05/2001",
        "20/05/2002",
        "79012345",
        "01/07/2025",
        None,
        None,
        None,
        None,
        "bí thư",
    ],
    [
        "TX.B01",
        "Vàng Thị Mỷ",
        "nữ",
        datetime(1990, 8, 1),
        "Mông",
        None,
        "12/12",
        "TC",
        None,
        "Đang công tác",
        "03/02/2015",
        "03/02/2016",
        "79012361",
        datetime(2025, 7, 1),
        None,
        None,
        None,
        None,
        None,
    ],
    [
        "TX.B02",
        "Lù Văn Chứ",
        "NAM",
        "5/1/1952",
        "Giáy",
        "Không",
        "7/10",
        "Không",
        "Sơ cấp",
        "Nghỉ hưu",
        "19/05/1978",
        "19/05/1979",
        "79012377",
        "01/07/2025",
        None,
        None,
        "Tuổi cao, sức yếu",
        "01/08/2025",
        None,
    ],
    [
        "TX.TH",
        "Nguyễn Thị Thu Hương",
        "Nữ",
        "1988-11-23",
        "Kinh",
        "Công giáo",
        "12/12",
        "ĐH",
        "Trung cấp",
        "Đang công tác",
        "15.10.2012",
        "15.10.2013",
        "79012390",
        "10/09/2025",
        None,
        None,
        None,
        None,
        None,
    ],
    [
        "TX.CA",
        "Sùng A Dền",
        "Nam",
        "02/09/2001",
        "Hmông",
        None,
        "Cấp III",
        "ĐH",
        None,
        "Đang công tác",
        "11/08/2025",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "dự bị",
    ],
    [
        "TX.B02",
        "Tẩn Láo Lở",
        "Nam",
        "12-12-1985",
        "Dao",
        None,
        "Cấp II",
        "Chưa qua đào tạo",
        "CN",
        "Đang làm việc",
        "02/09/2005",
        "02/09/2006",
        "79012400",
        "01/07/2025",
        "15/01/2026",
        "Chuyển đi",
        None,
        None,
        None,
    ],
    [
        "TX.B02",
        "Lò Thị Ánh",
        "Nữ",
        "03.02.1996",
        "Thái",
        None,
        "10/10",
        "CĐ",
        "TC",
        "Đang làm việc",
        "19/05/2019",
        "19/05/2020",
        "79012401",
        "01/07/2025",
        None,
        None,
        None,
        None,
        None,
    ],
    [
        "TX.B01",
        "Vàng A Chứ",
        "Nam",
        "1/1/1960",
        "H'mông",
        None,
        "Cấp I",
        "Không",
        None,
        "Nghỉ mất sức",
        "03/02/1985",
        "03/02/1986",
        "79012402",
        "01/07/2025",
        "20/10/2025",
        "Từ trần",
        None,
        None,
        None,
    ],
]


def workbook(
    orgs=ORGS,
    members=MEMBERS,
    *,
    member_headers=MEMBER_HEADERS,
    member_sheet="Danh sach dang vien",
    title_rows=True,
) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổ chức"
    ws.append(ORG_HEADERS)
    for row in orgs:
        ws.append(row)
    ws = wb.create_sheet(member_sheet)
    if title_rows:
        ws.append(["ĐẢNG BỘ XÃ TẢ XÌN"])
        ws.append(["DANH SÁCH ĐẢNG VIÊN"])
        ws.merge_cells("A2:F2")
        ws.append([])
    ws.append(member_headers)
    for i, row in enumerate(members, 1):
        ws.append([i, *row])
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def member(**changes) -> list:
    """A clean member row (Nà Đon style), with ``changes`` by header."""
    row = dict(zip(MEMBER_HEADERS[1:], MEMBERS[1], strict=True))
    row["Số thẻ đảng viên"] = None
    row.update(changes)
    return [row[h] for h in MEMBER_HEADERS[1:]]
