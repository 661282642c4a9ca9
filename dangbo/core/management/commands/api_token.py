"""api_token USERNAME: print a new API token for that user (CONTRACTS.md §2)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dangbo.core.models import ApiToken


class Command(BaseCommand):
    help = "Tạo mã truy cập API mới cho một người dùng và in ra (chỉ hiện một lần)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{username}». (No such user.)")
        self.stdout.write(ApiToken.issue(user))
