"""Reads of the organization tree: subtrees now and at a date, names at a date, posts."""

from datetime import date

from django.db.models import Func, OuterRef, Q, QuerySet, Subquery

from .models import Locality, Organization, OrganizationName, OrganizationPlacement, Post


def valid_at(on: date, start: str = "valid_from", end: str = "valid_to") -> Q:
    """Rows whose half-open range [start, end) contains ``on``."""
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on}))


def placement_at(org: Organization, on: date) -> OrganizationPlacement | None:
    return OrganizationPlacement.objects.filter(valid_at(on), organization=org).first()


def subtree(org: Organization) -> QuerySet[Organization]:
    """The organization and everything under it now (dissolved nodes included)."""
    return Organization.objects.filter(path__startswith=org.path)


def subtree_ids_at(org: Organization, on: date) -> QuerySet:
    """Ids of the organizations that sat in ``org``'s subtree on ``on`` (a lazy subquery).

    Uses the placements valid on that date, so a subtree moved later still counts where it was.
    """
    root = placement_at(org, on)
    if root is None:
        return OrganizationPlacement.objects.none().values("organization_id")
    return OrganizationPlacement.objects.filter(valid_at(on), path__startswith=root.path).values(
        "organization_id"
    )


def alive_at(on: date) -> Q:
    return Q(established_on__lte=on) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))


def name_at(org: Organization, on: date) -> str:
    record = OrganizationName.objects.filter(valid_at(on), organization=org).first()
    return record.name if record else org.name


def children(org: Organization, on: date | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.filter(parent=org)
    if on is not None:
        qs = qs.filter(alive_at(on))
    return qs.order_by("kind", "name")


def member_holding(qs: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    from .choices import MEMBER_HOLDING_KINDS

    return (qs if qs is not None else Organization.objects).filter(kind__in=MEMBER_HOLDING_KINDS)


def current_posts(org: Organization, on: date) -> QuerySet[Post]:
    return (
        Post.objects.filter(organization=org)
        .filter(valid_at(on, "started_on", "ended_on"))
        .select_related("person", "person__member", "locality")
        .order_by("title", "started_on")
    )


def locality_posts(locality: Locality, on: date) -> QuerySet[Post]:
    return (
        Post.objects.filter(locality=locality)
        .filter(valid_at(on, "started_on", "ended_on"))
        .select_related("person", "person__member")
    )


def tree_with_counts(root: Organization, visible: QuerySet[Organization], on: date):
    """The visible nodes under ``root`` alive today, each annotated with the members present in
    its subtree (``member_total``): one SQL query, the subtree joined by path prefix.

    Uses the current paths, so it answers for today only; dated questions go through
    ``subtree_ids_at``.
    """
    from dangbo.members.models import MembershipPeriod
    from dangbo.members.selectors import counted_on

    members_below = (
        MembershipPeriod.objects.filter(
            counted_on(on), organization__path__startswith=OuterRef("path")
        )
        .order_by()
        .annotate(n=Func("pk", function="COUNT"))
        .values("n")
    )
    return (
        visible.filter(path__startswith=root.path)
        .filter(alive_at(on))
        .annotate(member_total=Subquery(members_below))
        .order_by("path")
    )
