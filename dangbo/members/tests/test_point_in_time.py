"""Members present in a subtree at a date, through every kind of event and the edge cases."""

from datetime import date, timedelta

import pytest

from dangbo.members import services
from dangbo.members.selectors import members_present, status_counts
from dangbo.organizations import services as org_services
from dangbo.organizations.choices import Category, OrgKind
from dangbo.testing import make_member, make_org, make_person

D = date
pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    root = make_org("XA", None, kind=OrgKind.COMMUNE_COMMITTEE, category=Category.OTHER)
    committee = make_org("XA-CQ", root, kind=OrgKind.BASE_COMMITTEE)
    return {
        "root": root,
        "committee": committee,
        "a": make_org("XA-A", root),
        "b": make_org("XA-B", root),
        "c": make_org("XA-CQ-C", committee),
    }


def names(org, on):
    return sorted(members_present(org, on).values_list("person__full_name", flat=True))


def total(org, on):
    return status_counts(org, on).total


def test_admission_counts_from_its_day_as_probationary_then_official(tree):
    m = make_member(tree["a"], "Lò Văn Ơn", on=D(2020, 3, 1), official=False)
    assert total(tree["root"], D(2020, 2, 29)) == 0
    counts = status_counts(tree["root"], D(2020, 3, 1))
    assert (counts.total, counts.probationary, counts.official) == (1, 1, 0)
    services.recognize_official(m, actor=None, on=D(2021, 3, 1))
    assert status_counts(tree["root"], D(2021, 2, 28)).probationary == 1
    after = status_counts(tree["root"], D(2021, 3, 1))
    assert (after.probationary, after.official) == (0, 1)


def test_arrival_on_the_as_of_date_counts_and_departure_on_it_does_not(tree):
    leaving = make_member(tree["a"], "Lò Văn Đi", on=D(2015, 1, 1))
    services.transfer_out(leaving, actor=None, on=D(2024, 6, 30), destination="Phường Tân Phong")
    arriving = make_person("Cầm Thị Đến")
    services.receive_transfer(
        arriving,
        actor=None,
        organization=tree["a"],
        on=D(2024, 6, 30),
        admitted_on=D(2012, 1, 1),
        official_on=D(2013, 1, 1),
    )
    assert names(tree["root"], D(2024, 6, 29)) == ["Lò Văn Đi"]
    assert names(tree["root"], D(2024, 6, 30)) == ["Cầm Thị Đến"]


def test_a_move_between_cells_of_the_committee_is_neither_arrival_nor_departure(tree):
    m = make_member(tree["a"], "Lò Văn Ơn", on=D(2015, 1, 1))
    services.move(m, actor=None, to=tree["c"], on=D(2024, 5, 1))
    for day in (D(2024, 4, 30), D(2024, 5, 1)):
        assert total(tree["root"], day) == 1
    assert (total(tree["a"], D(2024, 4, 30)), total(tree["a"], D(2024, 5, 1))) == (1, 0)
    assert (total(tree["committee"], D(2024, 4, 30)), total(tree["committee"], D(2024, 5, 1))) == (
        0,
        1,
    )


def test_exemption_guest_away_and_discipline(tree):
    m = make_member(tree["a"], "Lò Văn Miễn", on=D(2010, 1, 1))
    services.start_exemption(m, actor=None, on=D(2023, 1, 1), reason="Tuổi cao, sức yếu")
    assert status_counts(tree["root"], D(2023, 1, 1)).exempt == 1
    services.end_exemption(m, actor=None, on=D(2023, 9, 1))
    assert status_counts(tree["root"], D(2023, 9, 1)).exempt == 0
    services.discipline(m, actor=None, on=D(2023, 10, 1), form="reprimand", reason="Vắng họp")
    assert total(tree["root"], D(2023, 10, 1)) == 1

    away = make_member(tree["a"], "Tòng Văn Đi Làm", on=D(2010, 1, 1))
    services.temporary_out(away, actor=None, on=D(2024, 1, 1), destination="Bắc Ninh")
    assert status_counts(tree["root"], D(2024, 2, 1)).away == 1
    assert total(tree["root"], D(2024, 2, 1)) == 2  # still ours

    guest = make_person("Vì Thị Khách")
    services.receive_temporary(
        guest,
        actor=None,
        organization=tree["a"],
        on=D(2024, 1, 1),
        admitted_on=D(2015, 1, 1),
        official_on=D(2016, 1, 1),
    )
    assert total(tree["root"], D(2024, 2, 1)) == 2  # a guest is counted at home, not here
    assert members_present(tree["a"], D(2024, 2, 1), include_guests=True).count() == 3


@pytest.mark.parametrize("leave", ["remove", "expel", "record_death", "transfer_out"])
def test_every_departure_ends_presence_on_its_day(tree, leave):
    m = make_member(tree["b"], "Hoàng Văn Rời", on=D(2010, 1, 1))
    kwargs = {"reason": "x"} if leave in ("remove", "expel") else {}
    getattr(services, leave)(m, actor=None, on=D(2024, 2, 1), **kwargs)
    assert (total(tree["b"], D(2024, 1, 31)), total(tree["b"], D(2024, 2, 1))) == (1, 0)


def test_readmission_returns_a_removed_member_as_probationary(tree):
    m = make_member(tree["b"], "Lù Văn Lại", on=D(2005, 1, 1))
    services.remove(m, actor=None, on=D(2015, 1, 1), reason="Bỏ sinh hoạt")
    services.readmit(m, actor=None, organization=tree["a"], on=D(2020, 1, 1))
    assert total(tree["root"], D(2017, 1, 1)) == 0
    assert status_counts(tree["a"], D(2020, 1, 1)).probationary == 1


def test_events_on_the_same_day_apply_in_the_order_recorded(tree):
    m = make_member(tree["a"], "Lò Văn Cùng Ngày", on=D(2015, 1, 1))
    services.move(m, actor=None, to=tree["b"], on=D(2024, 3, 1))
    services.start_exemption(m, actor=None, on=D(2024, 3, 1), reason="Ốm")
    services.transfer_out(m, actor=None, on=D(2024, 3, 2), destination="Xã khác")
    assert status_counts(tree["b"], D(2024, 3, 1)).exempt == 1
    assert total(tree["a"], D(2024, 3, 1)) == 0
    assert total(tree["root"], D(2024, 3, 2)) == 0


def test_a_dissolved_cell_keeps_its_past_after_its_members_moved(tree):
    members = [make_member(tree["c"], f"Lò Văn Số {i}", on=D(2012, 1, 1)) for i in range(3)]
    for m in members:
        services.move(m, actor=None, to=tree["a"], on=D(2024, 1, 1))
    org_services.dissolve(tree["c"], actor=None, on=D(2024, 1, 2))
    assert total(tree["c"], D(2023, 12, 31)) == 3
    assert total(tree["committee"], D(2023, 12, 31)) == 3
    assert total(tree["c"], D(2024, 1, 2)) == 0
    assert total(tree["root"], D(2024, 1, 2)) == 3


def test_a_reorganized_subtree_counts_where_it_stood_on_each_date(tree):
    make_member(tree["a"], "Lò Văn Theo", on=D(2012, 1, 1))
    # Cell A (under the commune) moves under the base committee on 1/7/2024.
    org_services.move(tree["a"], actor=None, new_parent=tree["committee"], on=D(2024, 7, 1))
    assert total(tree["committee"], D(2024, 6, 30)) == 0
    assert total(tree["committee"], D(2024, 7, 1)) == 1
    assert total(tree["root"], D(2024, 6, 30)) == total(tree["root"], D(2024, 7, 1)) == 1


def test_counts_and_changes_reconcile_over_a_busy_year(tree):
    start, end = D(2023, 12, 31), D(2024, 12, 31)
    base = [make_member(tree["a"], f"Đảng Viên {i}", on=D(2010, 1, 1)) for i in range(5)]
    services.transfer_out(base[0], actor=None, on=D(2024, 2, 1), destination="x")
    services.record_death(base[1], actor=None, on=D(2024, 3, 1))
    services.move(base[2], actor=None, to=tree["c"], on=D(2024, 4, 1))
    make_member(tree["b"], "Người Mới", on=D(2024, 5, 1), official=False)
    services.receive_transfer(
        make_person("Người Đến"),
        actor=None,
        organization=tree["b"],
        on=D(2024, 6, 1),
        admitted_on=D(2011, 1, 1),
    )
    assert total(tree["root"], end) == total(tree["root"], start) + 2 - 2
    day = start
    previous = total(tree["root"], day)
    while day < end:  # presence never jumps by more than the day's events
        day += timedelta(days=31)
        current = total(tree["root"], day)
        assert abs(current - previous) <= 2
        previous = current


def test_rebuild_re_derives_periods_and_summary_after_a_repair(tree):
    from dangbo.members.models import Member, MembershipPeriod, MemberTransition

    m = make_member(tree["a"], "Lò Văn Sửa", on=D(2015, 1, 1))
    services.move(m, actor=None, to=tree["b"], on=D(2020, 1, 1))
    before = list(MembershipPeriod.objects.filter(member=m).values_list("organization", "start"))
    MembershipPeriod.objects.filter(member=m).delete()  # a damaged derived table
    MemberTransition.objects.filter(member=m).delete()
    Member.objects.filter(pk=m.pk).update(organization=tree["a"])
    services.rebuild(m)
    m.refresh_from_db()
    assert m.organization == tree["b"]
    assert (
        list(MembershipPeriod.objects.filter(member=m).values_list("organization", "start"))
        == before
    )
    assert MemberTransition.objects.filter(member=m).count() == 2
