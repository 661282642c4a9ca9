"""Hypothesis: over random histories (members coming, moving, leaving; cells moving between
committees), counts at dates and changes over periods always reconcile, for every subtree."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangbo.core.errors import DomainError
from dangbo.members import services
from dangbo.members.models import MembershipPeriod
from dangbo.organizations import services as org_services
from dangbo.organizations.choices import Category, OrgKind
from dangbo.organizations.models import OrganizationPlacement
from dangbo.reports.selectors import member_changes, member_stats
from dangbo.testing import make_org, make_person

pytestmark = pytest.mark.django_db
START = date(2020, 1, 1)
OPS = [
    "admit",
    "transfer_in",
    "move",
    "transfer_out",
    "remove",
    "die",
    "exempt",
    "guest",
    "reorganize",
    "readmit",
]

operation = st.tuples(
    st.sampled_from(OPS),
    st.integers(min_value=0, max_value=40),  # days after the previous operation
    st.integers(min_value=0, max_value=7),  # which member
    st.integers(min_value=0, max_value=3),  # which cell / committee
)


def build_tree():
    root = make_org(
        "R", None, kind=OrgKind.COMMUNE_COMMITTEE, category=Category.OTHER, on=date(2010, 1, 1)
    )
    k1 = make_org("K1", root, kind=OrgKind.BASE_COMMITTEE, on=date(2010, 1, 1))
    k2 = make_org("K2", root, kind=OrgKind.BASE_COMMITTEE, on=date(2010, 1, 1))
    on = date(2010, 1, 1)
    cells = [
        make_org("C0", root, on=on),
        make_org("C1", k1, on=on),
        make_org("C2", k1, on=on),
        make_org("C3", k2, on=on),
    ]
    return root, [k1, k2], cells


def apply(ops, root, committees, cells):
    day = START
    members, people = {}, {}
    for op, gap, who, where in ops:
        day += timedelta(days=gap)
        cell = cells[where]
        try:
            with transaction.atomic():
                member = members.get(who)
                if op in ("admit", "transfer_in", "guest") and member is None:
                    person = people.get(who) or make_person(f"Người Số {who}")
                    people[who] = person
                    if op == "admit":
                        members[who] = services.admit(person, actor=None, organization=cell, on=day)
                    elif op == "transfer_in":
                        members[who] = services.receive_transfer(
                            person,
                            actor=None,
                            organization=cell,
                            on=day,
                            admitted_on=date(2005, 1, 1),
                        )
                    else:
                        members[who] = services.receive_temporary(
                            person,
                            actor=None,
                            organization=cell,
                            on=day,
                            admitted_on=date(2005, 1, 1),
                        )
                elif member is None:
                    if op == "reorganize":
                        target = committees[where % 2]
                        org_services.move(
                            cells[1 + where % 3], actor=None, new_parent=target, on=day
                        )
                elif op == "move":
                    services.move(member, actor=None, to=cell, on=day)
                elif op == "transfer_out":
                    services.transfer_out(member, actor=None, on=day, destination="x")
                elif op == "transfer_in":
                    services.receive_transfer(member.person, actor=None, organization=cell, on=day)
                elif op == "remove":
                    services.remove(member, actor=None, on=day, reason="x")
                elif op == "readmit":
                    services.readmit(member, actor=None, organization=cell, on=day)
                elif op == "die":
                    services.record_death(member, actor=None, on=day)
                elif op == "exempt":
                    services.start_exemption(member, actor=None, on=day, reason="x")
                elif op == "reorganize":
                    org_services.move(
                        cells[1 + where % 3], actor=None, new_parent=committees[where % 2], on=day
                    )
        except DomainError:
            pass  # impossible steps are refused and change nothing
    return day


def brute_force_total(node, on):
    """Members counted on ``on`` in ``node``'s subtree, from the rows, in Python."""
    in_subtree = {
        pl.organization_id
        for pl in OrganizationPlacement.objects.all()
        if pl.valid_from <= on
        and (pl.valid_to is None or on < pl.valid_to)
        and f"/{node.pk}/" in pl.path
    }
    return sum(
        1
        for p in MembershipPeriod.objects.filter(guest=False)
        if p.start <= on and (p.end is None or on < p.end) and p.organization_id in in_subtree
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    ops=st.lists(operation, min_size=3, max_size=30),
    cut=st.integers(0, 1200),
    length=st.integers(1, 1200),
)
def test_counts_and_changes_reconcile_for_every_subtree(ops, cut, length):
    with transaction.atomic():
        root, committees, cells = build_tree()
        apply(ops, root, committees, cells)
        start = START + timedelta(days=cut)
        end = start + timedelta(days=length)
        for node in [root, *committees, cells[1], cells[3]]:
            changes = member_changes(node, start, end)
            assert changes["total_from"] == brute_force_total(node, start)
            assert changes["total_to"] == brute_force_total(node, end)
            assert changes["total_to"] == (
                changes["total_from"] + changes["arrivals"] - changes["departures"]
            ), (node.code, changes)
            assert member_stats(node, end)["total"] == changes["total_to"]
        transaction.set_rollback(True)
