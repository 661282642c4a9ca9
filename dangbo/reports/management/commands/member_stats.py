"""member_stats --org CODE --as-of YYYY-MM-DD [--format json]: CONTRACTS.md §2."""

import json

from django.core.management.base import BaseCommand

from dangbo.reports.selectors import member_stats

from ._common import iso_date, organization


class Command(BaseCommand):
    help = "Thống kê đảng viên của một tổ chức (và các tổ chức trực thuộc) tại một ngày."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Mã tổ chức.")
        parser.add_argument("--as-of", required=True, help="Ngày, dạng YYYY-MM-DD.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, org, as_of, format, **options):
        stats = member_stats(organization(org), iso_date(as_of))
        if format == "json":
            self.stdout.write(json.dumps(stats, ensure_ascii=False))
            return
        for key, value in stats.items():
            self.stdout.write(f"{key}: {value}")
