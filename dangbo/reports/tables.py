"""The tables a report needs, built once from the statistics and rendered as HTML and .xlsx.

A table whose rows split a whole (age bands, education, ethnic groups...) has a total row and
shares that add up to 100%; an overview table's rows overlap (women, minorities...) and each is
a share of all members.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dangbo.members.choices import (
    AGE_BAND_LABELS,
    Ethnicity,
    GeneralEducation,
    PoliticalTheory,
    Professional,
)
from dangbo.organizations.choices import Category, OrgKind

from .formatting import percent, shares


@dataclass
class Row:
    label: str
    count: int
    share: Decimal | float | None = None
    level: int = 0  # 1 for a sub-row (indented)


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row]
    total: int | None = None  # the total row, when the rows split a whole
    total_label: str = "Tổng số"
    count_label: str = "Số lượng"
    share_label: str = "Tỷ lệ"
    chart: str | None = None  # "bar" or "doughnut" where a person would rather look
    note: str = ""
    extra: dict = field(default_factory=dict)


def _split(key, title, labelled: list[tuple[str, int]], total: int, *, chart=None, note=""):
    counts = [n for _label, n in labelled]
    return Table(
        key=key,
        title=title,
        rows=[
            Row(label, n, s) for (label, n), s in zip(labelled, shares(counts, total), strict=True)
        ],
        total=total,
        chart=chart,
        note=note,
    )


def member_tables(stats: dict) -> list[Table]:
    total = stats["total"]

    def share_row(label, n, level=0):
        return Row(label, n, percent(n, total), level)

    overview = Table(
        key="overview",
        title="Tổng hợp đảng viên",
        rows=[
            Row("Tổng số đảng viên", total, 100 if total else None),
            share_row("Đảng viên nữ", stats["female"]),
            share_row("Đảng viên dân tộc thiểu số", stats["ethnic_minority"]),
            share_row("Đảng viên theo tôn giáo", stats["religious"]),
            share_row("Đảng viên chính thức", stats["official"]),
            share_row("Đảng viên dự bị", stats["probationary"]),
            share_row("Được miễn công tác và sinh hoạt đảng", stats["exempt"]),
        ],
        note="Các dòng có thể trùng nhau; tỷ lệ tính trên tổng số đảng viên.",
    )
    work = _split(
        "work",
        "Tình trạng công tác",
        [
            ("Đang công tác, làm việc", stats["working"]),
            ("Nghỉ hưu, nghỉ công tác", stats["retired"]),
        ],
        total,
    )
    ages = _split(
        "age",
        "Độ tuổi",
        [(str(AGE_BAND_LABELS[k]), n) for k, n in stats["age"].items()],
        total,
        chart="bar",
    )
    education = _split(
        "general_education",
        "Trình độ giáo dục phổ thông",
        [(str(GeneralEducation(k).label), n) for k, n in stats["general_education"].items()],
        total,
        chart="bar",
    )
    professional = _split(
        "professional",
        "Trình độ chuyên môn, nghiệp vụ",
        [(str(Professional(k).label), n) for k, n in stats["professional"].items()],
        total,
    )
    theory = _split(
        "political_theory",
        "Trình độ lý luận chính trị",
        [(str(PoliticalTheory(k).label), n) for k, n in stats["political_theory"].items()],
        total,
    )
    groups = sorted(stats["ethnicity"].items(), key=lambda kv: (kv[0] != Ethnicity.KINH, -kv[1]))
    ethnicity = _split(
        "ethnicity",
        "Dân tộc",
        [(Ethnicity(code).label, n) for code, n in groups],
        total,
        chart="doughnut",
        note=f"Dân tộc thiểu số: {stats['ethnic_minority']} đảng viên.",
    )
    org_total = sum(stats["organizations"].values())
    kinds = _split(
        "organizations",
        "Tổ chức đảng trực thuộc theo loại",
        [(str(OrgKind(k).label), n) for k, n in stats["organizations"].items()],
        org_total,
    )
    kinds.count_label = "Số tổ chức"
    categories = _split(
        "organizations_by_category",
        "Tổ chức đảng trực thuộc theo loại hình",
        [(str(Category(k).label), n) for k, n in stats["organizations_by_category"].items()],
        sum(stats["organizations_by_category"].values()),
    )
    categories.count_label = "Số tổ chức"
    return [overview, ages, education, professional, theory, ethnicity, work, kinds, categories]


def change_tables(changes: dict, start: date, end: date) -> list[Table]:
    f = "%d/%m/%Y"
    arrivals = [
        ("Kết nạp mới", changes["admitted"]),
        ("Kết nạp lại", changes["readmitted"]),
        ("Chuyển sinh hoạt đến", changes["transferred_in"]),
        ("Chuyển từ chi bộ khác trong đảng bộ", changes["moved_in"]),
        ("Do sắp xếp, chuyển trực thuộc tổ chức", changes["reorganized_in"]),
    ]
    departures = [
        ("Chuyển sinh hoạt đi", changes["transferred_out"]),
        ("Xóa tên", changes["removed"]),
        ("Khai trừ", changes["expelled"]),
        ("Từ trần", changes["died"]),
        ("Chuyển sang chi bộ khác trong đảng bộ", changes["moved_out"]),
        ("Do sắp xếp, chuyển trực thuộc tổ chức", changes["reorganized_out"]),
    ]
    movement = Table(
        key="changes",
        title=f"Biến động đảng viên từ {start:{f}} đến {end:{f}}",
        rows=[
            Row(f"Đầu kỳ (ngày {start:{f}})", changes["total_from"]),
            Row("Tăng trong kỳ", changes["arrivals"]),
            *[Row(label, n, level=1) for label, n in arrivals],
            Row("Giảm trong kỳ", changes["departures"]),
            *[Row(label, n, level=1) for label, n in departures],
            Row(f"Cuối kỳ (ngày {end:{f}})", changes["total_to"]),
        ],
        share_label="",
        note="Cuối kỳ = Đầu kỳ + Tăng − Giảm. Tính từ sau ngày đầu kỳ đến hết ngày cuối kỳ.",
    )
    admitted = changes["admitted"]
    breakdown = Table(
        key="admitted",
        title="Kết nạp đảng viên mới trong kỳ",
        rows=[
            Row("Tổng số kết nạp", admitted, 100 if admitted else None),
            Row("Nữ", changes["admitted_female"], percent(changes["admitted_female"], admitted)),
            Row(
                "Dân tộc thiểu số",
                changes["admitted_ethnic_minority"],
                percent(changes["admitted_ethnic_minority"], admitted),
            ),
            Row(
                "Dưới 30 tuổi",
                changes["admitted_under_30"],
                percent(changes["admitted_under_30"], admitted),
            ),
        ],
        note="Tỷ lệ tính trên tổng số kết nạp mới trong kỳ.",
    )
    return [movement, breakdown]


SENSITIVE_TABLES = {"ethnicity"}
SENSITIVE_ROWS = {"Đảng viên dân tộc thiểu số", "Đảng viên theo tôn giáo", "Dân tộc thiểu số"}


def without_sensitive(tables: list[Table]) -> list[Table]:
    """The tables without ethnicity and religion, for roles that may not see personal data."""
    kept = []
    for table in tables:
        if table.key in SENSITIVE_TABLES:
            continue
        table.rows = [r for r in table.rows if r.label not in SENSITIVE_ROWS]
        kept.append(table)
    return kept
