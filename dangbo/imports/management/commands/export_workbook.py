"""export_workbook --org CODE FILE [--as-of D] [--left-since D]: CONTRACTS.md §2."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dangbo.core.db import today
from dangbo.imports.exporter import export_workbook
from dangbo.organizations.models import Organization


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ngày «{text}» không hợp lệ; dùng YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Xuất danh sách tổ chức và đảng viên ra tệp Excel theo mẫu nhập."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Mã tổ chức (xuất cả các cấp dưới).")
        parser.add_argument("file", help="Tệp .xlsx sẽ ghi")
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help="Đảng viên có mặt tại ngày này (mặc định hôm nay).",
        )
        parser.add_argument(
            "--left-since",
            type=_date,
            default=None,
            help="Thêm người đã ra khỏi đảng bộ sau ngày này.",
        )

    def handle(self, *args, org, file, as_of, left_since, **options):
        try:
            organization = Organization.objects.get(code=org.strip().upper())
        except Organization.DoesNotExist:
            raise CommandError(f"Không có tổ chức mã «{org}».") from None
        on = as_of or today()
        if left_since and left_since >= on:
            raise CommandError("--left-since phải trước --as-of.")
        Path(file).write_bytes(export_workbook(organization, on=on, left_since=left_since))
        self.stdout.write(f"Đã ghi {file}.")
