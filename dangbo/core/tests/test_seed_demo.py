"""The demo commune: realistic, complete, deterministic."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dangbo.core.models import RoleAssignment
from dangbo.members.choices import EventKind
from dangbo.members.models import Member, MemberEvent
from dangbo.members.selectors import status_counts
from dangbo.organizations.choices import OrgKind
from dangbo.organizations.models import Locality, Organization, Post

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


def seed(capsys, **options):
    call_command("seed_demo", today=TODAY, format="json", **options)
    return json.loads(capsys.readouterr().out)


def test_demo_commune_has_the_shape_of_the_report(capsys):
    result = seed(capsys)
    assert result["ok"] and result["logins"]["admin"] == "admin"
    root = Organization.objects.get(parent__isnull=True)
    direct = root.children.filter(dissolved_on__isnull=True)
    assert direct.count() == 54
    assert direct.filter(kind=OrgKind.BASE_COMMITTEE).count() == 3
    assert direct.filter(kind=OrgKind.BASE_CELL).count() == 7
    assert direct.filter(kind=OrgKind.CELL, category="locality").count() == 35
    assert Locality.objects.count() == 37
    counts = status_counts(root, TODAY)
    assert 800 <= counts.total <= 900
    assert 25 <= counts.exempt <= 60
    assert counts.probationary > 10
    kinds = set(MemberEvent.objects.values_list("kind", flat=True))
    for kind in (
        EventKind.ADMITTED,
        EventKind.TRANSFERRED_IN,
        EventKind.TRANSFERRED_OUT,
        EventKind.MOVED,
        EventKind.EXEMPTION_STARTED,
        EventKind.REMOVED,
        EventKind.DIED,
        EventKind.RECOGNIZED_OFFICIAL,
    ):
        assert kind in kinds, kind
    assert Post.objects.filter(title="village_head", person__member__isnull=True).exists()
    assert Organization.objects.filter(dissolved_on__isnull=False).count() == 2
    assert set(RoleAssignment.objects.values_list("role", flat=True)) >= {
        "commune_admin",
        "party_building",
        "cell_secretary",
        "member",
    }


def test_demo_distributions_are_close_to_binh_lu(capsys):
    seed(capsys)
    present = Member.objects.filter(state="active")
    total = present.count()
    female = present.filter(person__gender="female").count() / total
    minority = present.exclude(person__ethnicity="kinh").count() / total
    upper = present.filter(person__general_education="upper_secondary").count() / total
    assert 0.38 < female < 0.52
    assert 0.25 < minority < 0.42
    assert 0.68 < upper < 0.86


@pytest.mark.django_db(transaction=True)  # flush (TRUNCATE on PostgreSQL) needs no open transaction
def test_same_seed_same_commune_and_a_loaded_database_is_refused(capsys):
    def fingerprint():
        return list(
            Member.objects.order_by("pk").values_list(
                "person__full_name",
                "person__birth_date",
                "admitted_on",
                "state",
                "organization__code",
            )
        )

    seed(capsys, members=120, seed=7)
    first = fingerprint()
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("seed_demo", today=TODAY)
    call_command("flush", interactive=False, verbosity=0)
    seed(capsys, members=120, seed=7)
    assert fingerprint() == first
    call_command("flush", interactive=False, verbosity=0)
    seed(capsys, members=120, seed=8)
    assert fingerprint() != first


def test_if_empty_skips_a_loaded_database(capsys):
    seed(capsys, members=80)
    before = Member.objects.count()
    result = seed(capsys, if_empty=True)
    assert result == {"ok": True, "skipped": True}
    assert Member.objects.count() == before


def test_demo_meetings_have_roll_calls_minutes_and_open_ones(capsys):
    from dangbo.meetings.models import Attendance, Document, Meeting
    from dangbo.meetings.selectors import roll_call_open

    seed(capsys, members=200)
    held = Meeting.objects.filter(status__in=["held", "approved"])
    assert held.count() > 300
    assert Attendance.objects.filter(spoke=True).exists()
    assert Attendance.objects.filter(status="excused").exclude(reason="").exists()
    assert Document.objects.exists() and held.exclude(minutes="").exists()
    assert Meeting.objects.filter(kind="thematic").exists()
    assert Meeting.objects.filter(kind="committee").exists()
    recent = Meeting.objects.filter(scheduled_at__date__gte=date(2026, 2, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("dangbo.meetings.selectors.today", lambda: TODAY)
        assert any(roll_call_open(m) for m in recent)
