"""What the statistics commands share: finding the organization and reading dates."""

from datetime import date

from django.core.management.base import CommandError

from dangbo.organizations.models import Organization


def organization(code: str) -> Organization:
    try:
        return Organization.objects.get(code=code.strip().upper())
    except Organization.DoesNotExist:
        raise CommandError(
            f"Không có tổ chức mã «{code}». (No organization with code {code}.)"
        ) from None


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"Ngày «{text}» không hợp lệ; dùng dạng YYYY-MM-DD. (Invalid date.)"
        ) from None
