"""Benchmark: report statistics on a province-sized registry, against hand-written SQL.

    .venv/bin/python bench/stats.py [--members 200000] [--reuse] [--rows 10000]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/dangbo_bench; the
database is dropped and re-created unless --reuse). It loads the demo commune with --members
members (seed_demo's bulk path), then prints, measured in this run:

- member_stats for the root at today, and member_changes over the last year, each next to one
  hand-written SQL doing the same work (same figures, checked equal): the ratio ours ÷ SQL is
  the figure (aim ≤ 1.5; absolute < 2 s);
- the time to import a generated 10,000-row workbook (a new commune), validation included.

Timings are medians of several runs after a warm-up. Not a test: nothing here fails a build.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dangbo_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("bench/stats.py needs PostgreSQL (DATABASE_URL=postgres://…).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangbo.settings")
    if not args.reuse:
        recreate_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    from dangbo.organizations.models import Organization

    call_command("migrate", verbosity=0)
    if not Organization.objects.filter(code="BL").exists():
        started = time.perf_counter()
        call_command("seed_demo", members=args.members, format="json", stdout=open(os.devnull, "w"))
        print(f"seed_demo --members {args.members}: {time.perf_counter() - started:.1f} s")
    bench_statistics(args.repeat)
    bench_import(args.rows)


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def timed(fn, repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up (and the result to compare)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def bench_statistics(repeat: int) -> None:
    from django.db import connection

    from dangbo.core.db import today
    from dangbo.organizations.models import Organization
    from dangbo.reports.selectors import member_changes, member_stats

    root = Organization.objects.get(code="BL")
    on = today()
    start = on - timedelta(days=365)
    members = member_stats(root, on)["total"]
    print(
        f"registry: {members:,} members present in {root.code} on {on:%d/%m/%Y}, "
        f"{Organization.objects.count():,} organizations"
    )

    ours, stats = timed(lambda: member_stats(root, on), repeat)
    hand, raw = timed(lambda: hand_stats(connection, root.pk, on), repeat)
    assert raw == stats_figures(stats), (raw, stats_figures(stats))
    print(
        f"member_stats(root, {on}): ours {ours:.3f} s, hand-written SQL {hand:.3f} s, "
        f"ratio {ours / hand:.2f}"
    )

    ours, changes = timed(lambda: member_changes(root, start, on), repeat)
    hand, raw = timed(lambda: hand_changes(connection, root.pk, start, on), repeat)
    assert raw == change_figures(changes), (raw, change_figures(changes))
    print(
        f"member_changes(root, ({start}, {on}]): ours {ours:.3f} s, hand-written SQL "
        f"{hand:.3f} s, ratio {ours / hand:.2f}"
    )


# -- the hand-written SQL ----------------------------------------------------------------------
STATS_SQL = """
WITH root AS (
    SELECT path FROM organizations_organizationplacement
    WHERE organization_id = %(root)s AND valid_from <= %(on)s
      AND (valid_to IS NULL OR valid_to > %(on)s)
), present AS (
    SELECT mp.standing, mp.exempt, p.gender, p.ethnicity, p.religion, p.work_status,
           p.general_education, p.professional, p.political_theory,
           date_part('year', age(%(on)s::date, p.birth_date))::int AS age
    FROM members_membershipperiod mp
    JOIN organizations_organizationplacement pl
      ON pl.organization_id = mp.organization_id AND pl.valid_from <= %(on)s
     AND (pl.valid_to IS NULL OR pl.valid_to > %(on)s)
    JOIN root ON pl.path LIKE root.path || '%%'
    JOIN members_member m ON m.id = mp.member_id
    JOIN members_person p ON p.id = m.person_id
    WHERE NOT mp.guest AND mp.start <= %(on)s AND (mp."end" IS NULL OR mp."end" > %(on)s)
)
SELECT count(*), count(*) FILTER (WHERE gender = 'female'),
       count(*) FILTER (WHERE ethnicity <> 'kinh'), count(*) FILTER (WHERE religion <> ''),
       count(*) FILTER (WHERE standing = 'probationary'), count(*) FILTER (WHERE exempt),
       count(*) FILTER (WHERE work_status = 'working'),
       count(*) FILTER (WHERE work_status = 'retired'),
       {ages}, {edu}, {theory}
FROM present
"""


def stats_sql() -> str:
    from dangbo.members.choices import AGE_BANDS

    ages = ", ".join(
        f"count(*) FILTER (WHERE age BETWEEN {lo} AND {hi})"
        if hi is not None
        else f"count(*) FILTER (WHERE age >= {lo})"
        for _key, lo, hi in AGE_BANDS
    )
    edu = ", ".join(
        f"count(*) FILTER (WHERE general_education = '{c}')"
        for c in ("below_primary", "primary", "lower_secondary", "upper_secondary")
    )
    theory = ", ".join(
        f"count(*) FILTER (WHERE political_theory = '{c}')"
        for c in ("none", "elementary", "intermediate", "advanced")
    )
    return STATS_SQL.replace("{ages}", ages).replace("{edu}", edu).replace("{theory}", theory)


def hand_stats(connection, root_id: int, on: date) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(stats_sql(), {"root": root_id, "on": on})
        return tuple(cursor.fetchone())


def stats_figures(s: dict) -> tuple:
    return (
        s["total"],
        s["female"],
        s["ethnic_minority"],
        s["religious"],
        s["probationary"],
        s["exempt"],
        s["working"],
        s["retired"],
        *s["age"].values(),
        *s["general_education"].values(),
        *s["political_theory"].values(),
    )


CHANGES_SQL = """
WITH t AS (
    SELECT t.cause, p.gender, p.ethnicity,
           date_part('year', age(t."on", p.birth_date))::int AS age,
           EXISTS (SELECT 1 FROM organizations_organizationplacement pl
                   WHERE pl.organization_id = t.from_organization_id
                     AND pl.path LIKE %(marker)s AND pl.valid_from < t."on"
                     AND (pl.valid_to IS NULL OR pl.valid_to >= t."on")) AS from_in,
           EXISTS (SELECT 1 FROM organizations_organizationplacement pl
                   WHERE pl.organization_id = t.to_organization_id
                     AND pl.path LIKE %(marker)s AND pl.valid_from <= t."on"
                     AND (pl.valid_to IS NULL OR pl.valid_to > t."on")) AS to_in
    FROM members_membertransition t
    JOIN members_member m ON m.id = t.member_id
    JOIN members_person p ON p.id = m.person_id
    WHERE t."on" > %(start)s AND t."on" <= %(end)s
)
SELECT count(*) FILTER (WHERE to_in AND NOT from_in),
       count(*) FILTER (WHERE from_in AND NOT to_in),
       count(*) FILTER (WHERE to_in AND NOT from_in AND cause = 'admitted'),
       count(*) FILTER (WHERE to_in AND NOT from_in AND cause = 'admitted' AND gender = 'female'),
       count(*) FILTER (WHERE to_in AND NOT from_in AND cause = 'admitted' AND ethnicity <> 'kinh'),
       count(*) FILTER (WHERE to_in AND NOT from_in AND cause = 'admitted' AND age < 30)
FROM t
"""

TOTAL_SQL = """
SELECT count(*) FROM members_membershipperiod mp
JOIN organizations_organizationplacement pl
  ON pl.organization_id = mp.organization_id AND pl.valid_from <= %(on)s
 AND (pl.valid_to IS NULL OR pl.valid_to > %(on)s) AND pl.path LIKE %(marker)s
WHERE NOT mp.guest AND mp.start <= %(on)s AND (mp."end" IS NULL OR mp."end" > %(on)s)
"""


def hand_changes(connection, root_id: int, start: date, end: date) -> tuple:
    marker = f"%/{root_id}/%"
    with connection.cursor() as cursor:
        totals = []
        for on in (start, end):
            cursor.execute(TOTAL_SQL, {"on": on, "marker": marker})
            totals.append(cursor.fetchone()[0])
        cursor.execute(CHANGES_SQL, {"start": start, "end": end, "marker": marker})
        return (*totals, *cursor.fetchone())


def change_figures(c: dict) -> tuple:
    arrivals = c["arrivals"] - c["reorganized_in"]
    departures = c["departures"] - c["reorganized_out"]
    return (
        c["total_from"],
        c["total_to"],
        arrivals,
        departures,
        c["admitted"],
        c["admitted_female"],
        c["admitted_ethnic_minority"],
        c["admitted_under_30"],
    )


# -- import --------------------------------------------------------------------------------------
def bench_import(rows: int) -> None:
    from openpyxl import Workbook

    from dangbo.imports.importer import import_workbook

    cells = max(1, rows // 100)
    run = int(time.time()) % 100000
    root = f"BENCH{run}"  # a new commune at every run
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổ chức"
    ws.append(["Mã", "Tên tổ chức", "Loại tổ chức", "Loại hình", "Mã cấp trên", "Ngày thành lập"])
    ws.append([root, "Đảng bộ xã Thử Tải", "Đảng bộ xã", "Khác", None, "01/01/2000"])
    for i in range(cells):
        ws.append(
            [
                f"{root}.{i:03d}",
                f"Chi bộ bản Thử {i}",
                "Chi bộ",
                "Thôn, bản, tổ dân phố",
                root,
                "01/01/2000",
            ]
        )
    ws = wb.create_sheet("Đảng viên")
    ws.append(
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Dân tộc",
            "Giáo dục phổ thông",
            "Chuyên môn",
            "Lý luận chính trị",
            "Ngày vào Đảng",
            "Ngày chính thức",
            "Số thẻ đảng viên",
            "Mã chi bộ",
            "Ngày đến",
        ]
    )
    families, given = ["Lò", "Giàng", "Nguyễn", "Tòng", "Sùng", "Hoàng"], ["Văn", "Thị", "A"]
    for i in range(rows):
        ws.append(
            [
                i + 1,
                f"{families[i % 6]} {given[i % 3]} Thử {root} {i}",
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1950 + i % 35}",
                "Nữ" if i % 2 else "Nam",
                ["Thái", "H'Mông", "Kinh", "Dao"][i % 4],
                "12/12",
                "ĐH",
                "SC",
                f"{1 + i % 28:02d}/05/2005",
                f"{1 + i % 28:02d}/05/2006",
                f"{run:05d}{i:07d}",
                f"{root}.{i % cells:03d}",
                "01/07/2025",
            ]
        )
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        wb.save(handle.name)
        started = time.perf_counter()
        result = import_workbook(handle.name, filename="bench.xlsx")
        elapsed = time.perf_counter() - started
    assert result.ok, result.as_dict()["errors"][:3]
    print(
        f"import of a {rows:,}-row workbook ({result.members.created:,} members created, "
        f"{cells + 1} organizations): {elapsed:.1f} s"
    )


if __name__ == "__main__":
    main()
