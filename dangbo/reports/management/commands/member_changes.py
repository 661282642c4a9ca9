"""member_changes --org CODE --from A --to B [--format json]: the period (A, B], CONTRACTS §2."""

import json

from django.core.management.base import BaseCommand, CommandError

from dangbo.reports.selectors import member_changes

from ._common import iso_date, organization


class Command(BaseCommand):
    help = "Biến động đảng viên của một tổ chức trong khoảng (từ ngày, đến ngày]."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Mã tổ chức.")
        parser.add_argument("--from", dest="start", required=True, help="Từ ngày (YYYY-MM-DD).")
        parser.add_argument("--to", dest="end", required=True, help="Đến ngày (YYYY-MM-DD).")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, org, start, end, format, **options):
        start, end = iso_date(start), iso_date(end)
        if end < start:
            raise CommandError("Ngày kết thúc trước ngày bắt đầu. (--to is before --from.)")
        changes = member_changes(organization(org), start, end)
        if format == "json":
            self.stdout.write(json.dumps(changes, ensure_ascii=False))
            return
        for key, value in changes.items():
            self.stdout.write(f"{key}: {value}")
