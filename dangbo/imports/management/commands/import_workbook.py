"""import_workbook FILE [--dry-run] [--format json]: CONTRACTS.md §2, DOMAIN.md §4."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangbo.imports.importer import MEMBER_SHEET, ORG_SHEET, import_workbook


class Command(BaseCommand):
    help = "Nhập danh sách tổ chức và đảng viên từ tệp Excel (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ kiểm tra và cho biết sẽ thay đổi gì; không ghi.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, file, dry_run, format, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không thấy tệp «{file}». (File not found.)")
        with path.open("rb") as source:
            result = import_workbook(source, dry_run=dry_run, filename=path.name)
        if format == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        elif result.ok:
            verb = "Sẽ" if dry_run else "Đã"
            for sheet, counts in (
                (ORG_SHEET, result.organizations),
                (MEMBER_SHEET, result.members),
            ):
                self.stdout.write(
                    f"{sheet}: {verb} tạo {counts.created}, "
                    f"cập nhật {counts.updated}, không đổi {counts.unchanged}."
                )
            for line in result.changes:
                self.stdout.write(f"  {line}")
        else:
            self.stderr.write(f"Không nhập: {len(result.refusals)} lỗi, chưa ghi gì.")
            for r in result.refusals:
                where = f"{r.sheet}, dòng {r.row}" if r.row else r.sheet
                value = f" «{r.as_dict()['value']}»" if r.value not in (None, "") else ""
                column = f", cột {r.column}" if r.column else ""
                self.stderr.write(f"- {where}{column}{value}: {r.message}")
        if not result.ok:
            sys.exit(1)
