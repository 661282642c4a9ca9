"""Who may see what: the one choke point every queryset passes through (ADR 0004).

A user holds roles on organizations (``RoleAssignment``); a role covers the organization's whole
subtree (by path prefix). ``restrict(qs, user, action)`` filters any registered model to what the
user may do ``action`` on; views fetch objects only through it, so an object out of scope answers
404 exactly like one that does not exist. The ``member`` role reaches only the member's own
records (``self`` lookups) and their cell's page.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet

from .choices import ROLE_ACTIONS, STAFF_ROLES, Action, Role


@dataclass(frozen=True)
class Grant:
    role: str
    organization_id: int
    path: str
    organization_name: str = ""

    @property
    def role_label(self) -> str:
        return f"{Role(self.role).label} — {self.organization_name}"


@dataclass(frozen=True)
class Rule:
    """How a model reaches the tree: path lookups (OR-ed), and the lookup to the user, if any."""

    paths: tuple[str, ...]
    own: str | None = None


RULES: dict[str, Rule] = {
    "organizations.Organization": Rule(paths=("path",)),
    "organizations.OrganizationName": Rule(paths=("organization__path",)),
    "organizations.OrganizationPlacement": Rule(paths=("organization__path",)),
    "organizations.Locality": Rule(paths=("committee__path", "cell__path")),
    "organizations.Post": Rule(
        paths=("organization__path", "locality__committee__path", "locality__cell__path")
    ),
    "members.Member": Rule(paths=("organization__path",), own="person__user"),
    "members.MemberEvent": Rule(paths=("member__organization__path",), own="member__person__user"),
    "members.MembershipPeriod": Rule(
        paths=("member__organization__path",), own="member__person__user"
    ),
    # People who are not members (village heads, candidates) reach the tree where they live.
    "members.MemberTransition": Rule(
        paths=("member__organization__path",), own="member__person__user"
    ),
    "members.Person": Rule(
        paths=("member__organization__path", "residence__committee__path", "residence__cell__path"),
        own="user",
    ),
    "core.ProfileView": Rule(paths=("member__organization__path",)),
    "meetings.Meeting": Rule(paths=("organization__path",)),
    "meetings.Attendance": Rule(paths=("meeting__organization__path",)),
    "meetings.AttendanceRecord": Rule(paths=("meeting__organization__path",)),
    "meetings.Vote": Rule(paths=("meeting__organization__path",)),
    "meetings.Document": Rule(paths=("meeting__organization__path",)),
}


def register(model_label: str, rule: Rule) -> None:
    """Let a later app (meetings, reviews, ...) declare how its models reach the tree."""
    RULES[model_label] = rule


def grants(user) -> list[Grant]:
    """The user's roles with their organizations' paths, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_dangbo_grants", None)
    if cached is None:
        from .models import RoleAssignment

        cached = [
            Grant(role, org_id, path, name)
            for role, org_id, path, name in RoleAssignment.objects.filter(user=user).values_list(
                "role", "organization_id", "organization__path", "organization__name"
            )
        ]
        user._dangbo_grants = cached
    return cached


def is_unrestricted(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def allows(role: str, action: str) -> bool:
    return action in ROLE_ACTIONS.get(role, set())


def restrict(qs: QuerySet, user, action: str = Action.VIEW) -> QuerySet:
    """``qs`` filtered to the objects ``user`` may do ``action`` on (none when anonymous)."""
    if is_unrestricted(user):
        return qs
    rule = RULES.get(qs.model._meta.label)
    if rule is None:
        raise ImproperlyConfigured(
            f"{qs.model._meta.label} has no scope rule; add one to dangbo.core.scope.RULES."
        )
    condition = Q(pk__in=[])
    for grant in grants(user):
        if not allows(grant.role, action):
            continue
        if grant.role == Role.MEMBER and rule.own:
            condition |= Q(**{rule.own: user})
            continue
        for lookup in rule.paths:
            condition |= Q(**{f"{lookup}__startswith": grant.path})
    # Every lookup follows forward or one-to-one relations, so no row can repeat.
    return qs.filter(condition)


def can(user, action: str, obj: Model | None = None) -> bool:
    """Whether ``user`` may do ``action`` on ``obj`` (or anywhere, when ``obj`` is None)."""
    if is_unrestricted(user):
        return True
    if obj is None:
        return any(allows(g.role, action) for g in grants(user))
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def is_staff_user(user) -> bool:
    """Commune staff (any staff role) or a superuser: they see their whole subtree's registry."""
    return is_unrestricted(user) or any(g.role in STAFF_ROLES for g in grants(user))


def top_grants(user) -> list[Grant]:
    """The user's grants with no other grant of theirs above them (for scope headlines)."""
    mine = grants(user)
    return [
        g for g in mine if not any(o.path != g.path and g.path.startswith(o.path) for o in mine)
    ]
