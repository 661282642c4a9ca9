"""seed_demo [--members N] [--seed S] [--today YYYY-MM-DD]: load the demo commune (CONTRACTS §2)."""

import json
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from dangbo.demo.commune import build
from dangbo.organizations.models import Organization


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu của một đảng bộ xã (Load the demo commune)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=850, help="Số đảng viên (mặc định 850).")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên.")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Ngày tham chiếu YYYY-MM-DD (mặc định: hôm nay).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Không làm gì nếu cơ sở dữ liệu đã có tổ chức."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, members, seed, today, if_empty, format, **options):
        if Organization.objects.exists():
            if if_empty:
                if format == "json":
                    self.stdout.write(json.dumps({"ok": True, "skipped": True}))
                return
            raise CommandError(
                "Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống. "
                "(The database is not empty.)"
            )
        if members < 50:
            raise CommandError("Cần ít nhất 50 đảng viên (--members ≥ 50).")
        quiet = format == "json"
        started = time.monotonic()
        if not quiet:
            self.stdout.write(f"Đang tạo đảng bộ mẫu với khoảng {members} đảng viên…")
        logins = build(
            members=members,
            seed=seed,
            today=today,
            log=(lambda _msg: None) if quiet else self.stdout.write,
        )
        elapsed = time.monotonic() - started
        if quiet:
            self.stdout.write(
                json.dumps(
                    {
                        "ok": True,
                        "seconds": round(elapsed, 1),
                        "logins": {u: p for u, (p, _label) in logins.items()},
                    }
                )
            )
            return
        self.stdout.write(self.style.SUCCESS(f"Xong sau {elapsed:.1f} giây."))
        if logins:
            self.stdout.write("Tài khoản dùng thử (tên đăng nhập / mật khẩu):")
            for username, (password, label) in logins.items():
                self.stdout.write(f"  {username:<14} / {password:<6}  {label}")
