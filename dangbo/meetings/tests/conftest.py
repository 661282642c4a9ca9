from datetime import timedelta

import pytest
from django.utils import timezone

from dangbo.meetings import services
from dangbo.meetings.choices import MeetingKind


@pytest.fixture
def meeting(commune):
    """Nà Đon's regular meeting of yesterday evening: roll call open."""
    when = timezone.now() - timedelta(days=1)
    return services.schedule(
        commune.na_don,
        actor=None,
        kind=MeetingKind.REGULAR,
        scheduled_at=when,
        title="Sinh hoạt thường kỳ",
    )


@pytest.fixture
def api(client, commune):
    """The test client logged in as Nà Đon's secretary, posting JSON."""
    client.force_login(commune.secretary_na_don)
    return client
