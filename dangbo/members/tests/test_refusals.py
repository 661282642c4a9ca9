"""Impossible lifecycle actions are refused with a Vietnamese message and change nothing."""

from datetime import date, timedelta

import pytest

from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry
from dangbo.members import services
from dangbo.members.models import Member, MemberEvent, MembershipPeriod, Person
from dangbo.organizations import services as org_services
from dangbo.organizations.choices import Category, OrgKind
from dangbo.testing import make_member, make_org, make_person

D = date
pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(MemberEvent.objects.order_by("pk").values()),
        list(MembershipPeriod.objects.order_by("pk").values()),
        list(Member.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def world():
    root = make_org("XA", None, kind=OrgKind.COMMUNE_COMMITTEE, category=Category.OTHER)
    committee = make_org("XA-CQ", root, kind=OrgKind.BASE_COMMITTEE)
    a, b = make_org("XA-A", root), make_org("XA-B", root)
    old = make_org("XA-OLD", root, on=D(2000, 1, 1))
    org_services.dissolve(old, actor=None, on=D(2020, 1, 1))
    member = make_member(a, "Lò Văn Ơn", on=D(2010, 3, 1))
    probationary = make_member(a, "Tòng Thị Mới", on=D(2024, 5, 1), official=False, gender="female")
    dead = make_member(b, "Quàng Văn Mất", on=D(2001, 1, 1))
    services.record_death(dead, actor=None, on=D(2023, 1, 1))
    exempt = make_member(b, "Cầm Văn Già", on=D(2001, 1, 1), birth=D(1950, 1, 1))
    services.start_exemption(exempt, actor=None, on=D(2022, 1, 1), reason="Tuổi cao, sức yếu")
    return locals()


REFUSALS = {
    "event before the member existed": lambda w: (
        lambda: services.move(w["member"], actor=None, to=w["b"], on=D(2009, 1, 1))
    ),
    "event after death": lambda w: (
        lambda: services.move(w["dead"], actor=None, to=w["a"], on=D(2023, 6, 1))
    ),
    "back-dated exemption after death": lambda w: (
        lambda: services.start_exemption(w["dead"], actor=None, on=D(2024, 1, 1), reason="x")
    ),
    "transfer out of someone not present": lambda w: (
        lambda: services.transfer_out(w["dead"], actor=None, on=D(2024, 1, 1), destination="x")
    ),
    "transfer out before arriving": lambda w: (
        lambda: services.transfer_out(w["member"], actor=None, on=D(2005, 1, 1), destination="x")
    ),
    "official before admission": lambda w: (
        lambda: services.recognize_official(w["probationary"], actor=None, on=D(2024, 4, 1))
    ),
    "official twice": lambda w: (
        lambda: services.recognize_official(w["member"], actor=None, on=D(2024, 4, 1))
    ),
    "second open exemption": lambda w: (
        lambda: services.start_exemption(w["exempt"], actor=None, on=D(2024, 1, 1), reason="Ốm")
    ),
    "end of an exemption that is not open": lambda w: (
        lambda: services.end_exemption(w["member"], actor=None, on=D(2024, 1, 1))
    ),
    "move into the same cell": lambda w: (
        lambda: services.move(w["member"], actor=None, to=w["a"], on=D(2024, 1, 1))
    ),
    "move into a committee": lambda w: (
        lambda: services.move(w["member"], actor=None, to=w["committee"], on=D(2024, 1, 1))
    ),
    "move into a dissolved cell": lambda w: (
        lambda: services.move(w["member"], actor=None, to=w["old"], on=D(2024, 1, 1))
    ),
    "a date in the future": lambda w: (
        lambda: services.move(
            w["member"], actor=None, to=w["b"], on=date.today() + timedelta(days=3)
        )
    ),
    "admission of a member twice": lambda w: (
        lambda: services.admit(
            w["member"].person, actor=None, organization=w["a"], on=D(2024, 1, 1)
        )
    ),
    "admission under 18": lambda w: (
        lambda young: (
            lambda: services.admit(young, actor=None, organization=w["a"], on=D(2024, 1, 1))
        )
    )(make_person("Lò Văn Trẻ", D(2010, 1, 1))),
    "duplicate card number": lambda w: (
        Member.objects.filter(pk=w["member"].pk).update(card_number="12.000001")
        and (
            lambda: services.recognize_official(
                w["probationary"], actor=None, on=D(2025, 5, 1), card_number="12.000001"
            )
        )
    ),
    "readmission of a present member": lambda w: (
        lambda: services.readmit(w["member"], actor=None, organization=w["b"], on=D(2024, 1, 1))
    ),
    "dissolving a cell with members": lambda w: (
        lambda: org_services.dissolve(w["a"], actor=None, on=D(2024, 1, 1))
    ),
    "exemption without a reason": lambda w: (
        lambda: services.start_exemption(w["member"], actor=None, on=D(2024, 1, 1), reason="  ")
    ),
    "dismissal of a probationary member": lambda w: (
        lambda: services.discipline(
            w["probationary"], actor=None, on=D(2024, 6, 1), form="dismissal"
        )
    ),
    "dismissal of someone holding no post": lambda w: (
        lambda: services.discipline(w["member"], actor=None, on=D(2024, 6, 1), form="dismissal")
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refused_action_changes_nothing(world, case):
    action = REFUSALS[case](world)  # any setup happens here, before the snapshot
    before = snapshot()
    with pytest.raises(DomainError) as excinfo:
        action()
    assert snapshot() == before
    message = excinfo.value.message
    assert any(ch in message for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def test_person_without_name_or_birth_date_is_refused():
    with pytest.raises(DomainError, match="Họ và tên"):
        services.create_person(actor=None, full_name="  ", birth_date=D(1990, 1, 1), gender="male")
    with pytest.raises(DomainError, match="Ngày sinh"):
        services.create_person(actor=None, full_name="Lò Văn A", birth_date=None, gender="male")
    assert Person.objects.count() == 0


def test_national_id_must_be_unique_and_twelve_digits():
    make_person("Lò Văn A", national_id="012345678901")
    with pytest.raises(DomainError, match="đã thuộc về người khác"):
        make_person("Lò Văn B", national_id="012345678901")
    with pytest.raises(DomainError, match="12 chữ số"):
        make_person("Lò Văn C", national_id="12345")
    assert Person.objects.count() == 1
