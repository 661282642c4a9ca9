"""Reads of the organization tree: subtrees now and at a date, names at a date, posts."""

from datetime import date

from django.db import connection
from django.db.models import Q, QuerySet

from .models import Organization, OrganizationName, OrganizationPlacement, Post


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


def subtree_member_totals(org_ids: list[int], on: date) -> dict[int, int]:
    """Members counted on ``on`` in the current subtree of each organization in ``org_ids``.

    One query: members are counted per organization first, then each asked node sums the
    counts of the nodes whose path starts with its own. No walk of the tree in Python.
    """
    from dangbo.members.models import MembershipPeriod

    if not org_ids:
        return {}
    orgs = Organization._meta.db_table
    periods = MembershipPeriod._meta.db_table
    placeholders = ", ".join(["%s"] * len(org_ids))
    sql = f"""
        WITH direct AS (
            SELECT organization_id AS org_id, COUNT(*) AS n
            FROM {periods}
            WHERE guest = %s AND start <= %s AND ("end" IS NULL OR "end" > %s)
            GROUP BY organization_id
        )
        SELECT a.id, SUM(direct.n)
        FROM {orgs} a
        JOIN {orgs} d ON d.path LIKE a.path || '%%'
        JOIN direct ON direct.org_id = d.id
        WHERE a.id IN ({placeholders})
        GROUP BY a.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [False, on, on, *org_ids])
        totals = {row[0]: int(row[1]) for row in cursor.fetchall()}
    return {pk: totals.get(pk, 0) for pk in org_ids}


TREE_PAGE_LIMIT = 400


def tree_nodes(
    root: Organization, visible: QuerySet[Organization], on: date, limit: int = TREE_PAGE_LIMIT
) -> tuple[list[Organization], bool]:
    """The visible nodes under ``root`` alive on ``on``, each with ``member_total`` (members in
    its subtree), at most ``limit`` of them, shallowest first; and whether some were left out.

    Uses current paths, so it answers for today; dated questions go through ``subtree_ids_at``.
    """
    nodes = list(
        visible.filter(path__startswith=root.path)
        .filter(alive_at(on))
        .order_by("depth", "pk")[: limit + 1]
    )
    truncated = len(nodes) > limit
    nodes = nodes[:limit]
    totals = subtree_member_totals([n.pk for n in nodes], on)
    for node in nodes:
        node.member_total = totals[node.pk]
    return nodes, truncated
