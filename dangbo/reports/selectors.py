"""The statistics of a report (DOMAIN.md §5), at any date and over any period, in SQL.

``member_stats`` counts the members present in a subtree on a date in one aggregate query (plus
one for the ethnic groups and one for the organizations). ``member_changes`` counts, over a
period (A, B], the arrivals and departures of the subtree by cause from the derived transitions,
plus the members carried in or out by reorganizations of the tree, so that
total(B) = total(A) + arrivals − departures always holds.
"""

from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from dangbo.members.choices import (
    AGE_BANDS,
    Ethnicity,
    EventKind,
    Gender,
    GeneralEducation,
    PoliticalTheory,
    Professional,
    Standing,
    WorkStatus,
)
from dangbo.members.models import MembershipPeriod, MemberTransition
from dangbo.members.selectors import birth_date_range, present_periods
from dangbo.organizations.choices import Category, OrgKind
from dangbo.organizations.models import Organization, OrganizationPlacement
from dangbo.organizations.selectors import valid_at

P = "member__person__"
# The kinds of organization a report counts under the root (CONTRACTS.md §2).
ORG_KINDS = [k for k in OrgKind.values if k != OrgKind.COMMUNE_COMMITTEE]
ARRIVAL_CAUSES = [EventKind.ADMITTED, EventKind.READMITTED, EventKind.TRANSFERRED_IN]
DEPARTURE_CAUSES = [
    EventKind.TRANSFERRED_OUT,
    EventKind.REMOVED,
    EventKind.EXPELLED,
    EventKind.DIED,
]


def _by_code(prefix: str, field: str, codes) -> dict:
    return {f"{prefix}{code}": Count("pk", filter=Q(**{field: code})) for code in codes}


def member_stats(org: Organization, on: date) -> dict:
    """The figures of members present in ``org``'s subtree on ``on`` (CONTRACTS.md §2)."""
    columns = {
        "total": Count("pk"),
        "female": Count("pk", filter=Q(**{f"{P}gender": Gender.FEMALE})),
        "ethnic_minority": Count("pk", filter=~Q(**{f"{P}ethnicity": Ethnicity.KINH})),
        "religious": Count("pk", filter=~Q(**{f"{P}religion": ""})),
        "probationary": Count("pk", filter=Q(standing=Standing.PROBATIONARY)),
        "official": Count("pk", filter=Q(standing=Standing.OFFICIAL)),
        "exempt": Count("pk", filter=Q(exempt=True)),
        "working": Count("pk", filter=Q(**{f"{P}work_status": WorkStatus.WORKING})),
        "retired": Count("pk", filter=Q(**{f"{P}work_status": WorkStatus.RETIRED})),
    }
    for key, low, high in AGE_BANDS:
        earliest, latest = birth_date_range(low, high, on)
        band = Q(**{f"{P}birth_date__lte": latest})
        if earliest:
            band &= Q(**{f"{P}birth_date__gte": earliest})
        columns[f"age:{key}"] = Count("pk", filter=band)
    columns |= _by_code("edu:", f"{P}general_education", GeneralEducation.values)
    columns |= _by_code("prof:", f"{P}professional", Professional.values)
    columns |= _by_code("theory:", f"{P}political_theory", PoliticalTheory.values)
    present = present_periods(org, on)
    row = present.aggregate(**columns)
    groups = dict(
        present.values_list(f"{P}ethnicity")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(f"{P}ethnicity", "n")
    )
    children = OrganizationPlacement.objects.filter(valid_at(on), parent=org)
    kinds = dict(
        children.values_list("organization__kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("organization__kind", "n")
    )
    categories = dict(
        children.values_list("organization__category")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("organization__category", "n")
    )

    def group(prefix: str, codes) -> dict:
        return {code: row[f"{prefix}{code}"] for code in codes}

    return {
        "org": org.code,
        "as_of": on.isoformat(),
        **{
            key: row[key]
            for key in (
                "total",
                "female",
                "ethnic_minority",
                "religious",
                "probationary",
                "official",
                "exempt",
                "working",
                "retired",
            )
        },
        "age": {key: row[f"age:{key}"] for key, _low, _high in AGE_BANDS},
        "general_education": group("edu:", GeneralEducation.values),
        "professional": group("prof:", Professional.values),
        "political_theory": group("theory:", PoliticalTheory.values),
        "ethnicity": {code: groups[code] for code in Ethnicity.values if groups.get(code)},
        "organizations": {kind: kinds.get(kind, 0) for kind in ORG_KINDS},
        "organizations_by_category": {c: categories.get(c, 0) for c in Category.values},
    }


# -- changes over a period -------------------------------------------------------------------
def _in_subtree(root: Organization, org_field: str, *, day_before: bool) -> Exists:
    """Whether the transition's ``org_field`` sat in ``root``'s subtree on its date (or on the
    day before). Paths are chains of ids, so "in the subtree" is "the path holds /root/"."""
    placements = OrganizationPlacement.objects.filter(
        organization=OuterRef(org_field), path__contains=f"/{root.pk}/"
    )
    if day_before:  # valid on on-1: valid_from < on <= valid_to
        placements = placements.filter(valid_from__lt=OuterRef("on")).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("on"))
        )
    else:
        placements = placements.filter(valid_from__lte=OuterRef("on")).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("on"))
        )
    return Exists(placements)


def _completed_years(on: str, birth: str):
    """Completed years from ``birth`` to ``on`` (two date columns), in SQL that SQLite and
    PostgreSQL share."""
    before_birthday = Q(**{f"{on}__month__lt": ExtractMonth(birth)}) | (
        Q(**{f"{on}__month": ExtractMonth(birth)}) & Q(**{f"{on}__day__lt": ExtractDay(birth)})
    )
    return (
        ExtractYear(on)
        - ExtractYear(birth)
        - Case(When(before_birthday, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def member_changes(org: Organization, start: date, end: date) -> dict:
    """Arrivals and departures of ``org``'s subtree over (start, end], by cause (CONTRACTS §2)."""
    if end < start:
        raise ValueError("end before start")
    moves = MemberTransition.objects.filter(on__gt=start, on__lte=end).annotate(
        from_in=_in_subtree(org, "from_organization", day_before=True),
        to_in=_in_subtree(org, "to_organization", day_before=False),
    )
    arrivals = moves.filter(to_in=True, from_in=False)
    departures = moves.filter(from_in=True, to_in=False)
    arrived = dict(
        arrivals.values_list("cause").annotate(n=Count("pk")).order_by().values_list("cause", "n")
    )
    departed = dict(
        departures.values_list("cause").annotate(n=Count("pk")).order_by().values_list("cause", "n")
    )
    admitted = (
        arrivals.filter(cause=EventKind.ADMITTED)
        .annotate(age=_completed_years("on", f"{P}birth_date"))
        .aggregate(
            female=Count("pk", filter=Q(**{f"{P}gender": Gender.FEMALE})),
            minority=Count("pk", filter=~Q(**{f"{P}ethnicity": Ethnicity.KINH})),
            under_30=Count("pk", filter=Q(age__lt=30)),
        )
    )
    reorganized_in, reorganized_out = _reorganized(org, start, end)
    result = {
        "org": org.code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "total_from": present_periods(org, start).count(),
        "total_to": present_periods(org, end).count(),
        **{str(cause): arrived.get(cause, 0) for cause in ARRIVAL_CAUSES},
        **{str(cause): departed.get(cause, 0) for cause in DEPARTURE_CAUSES},
        "moved_in": arrived.get(EventKind.MOVED, 0),
        "moved_out": departed.get(EventKind.MOVED, 0),
        "reorganized_in": reorganized_in,
        "reorganized_out": reorganized_out,
        "admitted_female": admitted["female"],
        "admitted_ethnic_minority": admitted["minority"],
        "admitted_under_30": admitted["under_30"],
    }
    result["arrivals"] = sum(arrived.values()) + reorganized_in
    result["departures"] = sum(departed.values()) + reorganized_out
    return result


def _reorganized(org: Organization, start: date, end: date) -> tuple[int, int]:
    """Members carried into or out of the subtree by moves of the tree itself in the period:
    those present in a moved organization on the day before and on the day of the move.
    Two queries, whatever the number of moves."""
    marker = f"/{org.pk}/"
    previous = OrganizationPlacement.objects.filter(
        organization=OuterRef("organization"), valid_to=OuterRef("valid_from")
    ).values("path")[:1]
    moved = (
        OrganizationPlacement.objects.filter(valid_from__gt=start, valid_from__lte=end)
        .annotate(previous_path=Subquery(previous))
        .exclude(previous_path=None)  # newly established: members arrive by their own moves
        .values_list("organization_id", "valid_from", "path", "previous_path")
    )
    entering, leaving = Q(pk__in=[]), Q(pk__in=[])
    for org_id, on, path, previous_path in moved:
        was_in, is_in = marker in previous_path, marker in path
        if was_in == is_in:
            continue
        through = Q(organization_id=org_id, start__lt=on) & (Q(end__isnull=True) | Q(end__gt=on))
        if is_in:
            entering |= through
        else:
            leaving |= through
    carried = MembershipPeriod.objects.filter(guest=False).aggregate(
        carried_in=Count("pk", filter=entering), carried_out=Count("pk", filter=leaving)
    )
    return carried["carried_in"], carried["carried_out"]
