"""Reads of the member registry that count or look back in time.

Every count is an aggregation in SQL over ``MembershipPeriod`` (indexed by dates), restricted to
a subtree as it stood on the date asked; nothing loops over members in Python.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import subtree_ids_at

from .choices import Standing
from .models import Member, MemberEvent, MembershipPeriod


def covering(on: date) -> Q:
    """Periods [start, end) that contain ``on``."""
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gt=on))


def counted_on(on: date) -> Q:
    """Periods that make a member count for the committee on ``on`` (guests excluded)."""
    return covering(on) & Q(guest=False)


def present_periods(org: Organization, on: date, *, include_guests: bool = False) -> QuerySet:
    """The period of each member present in ``org``'s subtree (as it stood) on ``on``."""
    q = covering(on) if include_guests else counted_on(on)
    return MembershipPeriod.objects.filter(q, organization_id__in=subtree_ids_at(org, on))


def members_present(
    org: Organization, on: date, *, include_guests: bool = False
) -> QuerySet[Member]:
    """Members present in ``org``'s subtree on ``on``."""
    periods = present_periods(org, on, include_guests=include_guests)
    return Member.objects.filter(pk__in=periods.values("member_id"))


@dataclass(frozen=True)
class StatusCounts:
    total: int
    probationary: int
    official: int
    exempt: int
    away: int


def status_counts(org: Organization, on: date) -> StatusCounts:
    """Members present on ``on`` by standing, with the exempt and the away, in one query."""
    row = present_periods(org, on).aggregate(
        total=Count("pk"),
        probationary=Count("pk", filter=Q(standing=Standing.PROBATIONARY)),
        official=Count("pk", filter=Q(standing=Standing.OFFICIAL)),
        exempt=Count("pk", filter=Q(exempt=True)),
        away=Count("pk", filter=Q(away=True)),
    )
    return StatusCounts(**row)


def live_log(member: Member) -> QuerySet[MemberEvent]:
    """The events that make the member's history: in order, corrected-away (void) ones left out."""
    return member.events.filter(voided_at__isnull=True).order_by("effective_on", "seq")


def timeline(member: Member) -> QuerySet[MemberEvent]:
    """A member's events, oldest first, with what the page shows about each."""
    return member.events.select_related("organization", "actor").order_by("effective_on", "seq")


def periods_of(member: Member) -> QuerySet[MembershipPeriod]:
    return member.periods.select_related("organization").order_by("start")


def rows_for_list(qs: QuerySet[Member]) -> QuerySet[Member]:
    """What the member list shows per row, in Vietnamese name order, in one query."""
    return qs.select_related("person", "organization").order_by("person__sort_key", "pk")


def party_age_years(member: Member, on: date) -> int:
    """Tuổi Đảng: completed years from admission, minus periods outside the Party."""
    from .history import replay

    result = replay(live_log(member))
    if result.first_admitted_on is None or on < result.first_admitted_on:
        return 0
    outside_days = (on - result.first_admitted_on).days - result.party_age_days(on)
    return age_on(result.first_admitted_on + timedelta(days=outside_days), on)


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def birth_date_range(low: int, high: int | None, on: date) -> tuple[date | None, date]:
    """Birth dates of people aged ``low``..``high`` (completed years) on ``on``."""
    latest = _years_before(on, low)
    earliest = None if high is None else _next_day(_years_before(on, high + 1))
    return earliest, latest


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _next_day(d: date) -> date:
    return d + timedelta(days=1)


@dataclass(frozen=True)
class ScopeCounts:
    members: int
    probationary: int
    exempt: int
    cells: int
    localities: int


def scope_counts(user, on: date) -> ScopeCounts:
    """The home page's figures over everything ``user`` may see, in three queries."""
    from dangbo.core.scope import restrict
    from dangbo.organizations.models import Locality
    from dangbo.organizations.selectors import alive_at, member_holding

    orgs = restrict(Organization.objects.all(), user)
    row = MembershipPeriod.objects.filter(counted_on(on), organization__in=orgs).aggregate(
        members=Count("pk"),
        probationary=Count("pk", filter=Q(standing=Standing.PROBATIONARY)),
        exempt=Count("pk", filter=Q(exempt=True)),
    )
    cells = member_holding(orgs).filter(alive_at(on)).count()
    localities = (
        restrict(Locality.objects.all(), user)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .count()
    )
    return ScopeCounts(cells=cells, localities=localities, **row)
