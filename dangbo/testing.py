"""Builders for tests: data made through the same services production uses.

A tiny commune, "Xã Thử" (code XA), with two village cells (Nà Đon, Nà Bỏ), a base committee
with one cell, and a police base cell; named people whose names double as leak markers in the
scope tests.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from dangbo.core.choices import Role
from dangbo.core.models import RoleAssignment
from dangbo.members import services as members
from dangbo.members.models import Member, Person
from dangbo.organizations import services as orgs
from dangbo.organizations.choices import Category, LocalityKind, OrgKind
from dangbo.organizations.models import Organization

D = date
LONG_AGO = D(2000, 1, 1)


def make_org(
    code: str,
    parent: Organization | None,
    *,
    kind: str = OrgKind.CELL,
    category: str = Category.LOCALITY,
    on: date = LONG_AGO,
    name: str | None = None,
) -> Organization:
    return orgs.establish(
        actor=None,
        code=code,
        name=name or f"Chi bộ {code}",
        kind=kind,
        category=category,
        parent=parent,
        on=on,
    )


def make_person(
    name: str = "Lò Văn Ơn", birth: date = date(1980, 5, 1), gender: str = "male", **fields
) -> Person:
    return members.create_person(
        actor=None, full_name=name, birth_date=birth, gender=gender, **fields
    )


def make_member(
    cell: Organization,
    name: str = "Lò Văn Ơn",
    *,
    on: date = date(2010, 3, 1),
    official: bool = True,
    birth: date = date(1980, 5, 1),
    **person_fields,
) -> Member:
    """A member admitted into ``cell`` on ``on`` and, unless told otherwise, made official a
    year later."""
    person = make_person(name, birth, **person_fields)
    member = members.admit(person, actor=None, organization=cell, on=on)
    if official:
        members.recognize_official(member, actor=None, on=on.replace(year=on.year + 1))
        member.refresh_from_db()
    return member


def make_user(
    username: str,
    role: str | None = None,
    org: Organization | None = None,
    *,
    person: Person | None = None,
    superuser: bool = False,
    password: str = "matkhau",
):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, "", password)
    else:
        user = User.objects.create_user(username, "", password)
    if role:
        RoleAssignment.objects.create(user=user, organization=org, role=role)
    if person is not None:
        members.link_user(person, actor=None, user=user)
    return user


@dataclass
class Commune:
    root: Organization
    committee: Organization
    committee_cell: Organization
    na_don: Organization
    na_bo: Organization
    police: Organization
    member_na_don: Member
    member_na_bo: Member
    plain_member: Member
    admin: object
    secretary_na_don: object
    secretary_na_bo: object
    member_user: object


def build_commune() -> Commune:
    root = make_org(
        "XA", None, kind=OrgKind.COMMUNE_COMMITTEE, category=Category.OTHER, name="Đảng bộ xã Thử"
    )
    committee = make_org(
        "XA-CQ",
        root,
        kind=OrgKind.BASE_COMMITTEE,
        category=Category.PARTY_AGENCY,
        name="Đảng bộ các cơ quan xã",
    )
    committee_cell = make_org(
        "XA-CQ-VP", committee, category=Category.PARTY_AGENCY, name="Chi bộ Văn phòng"
    )
    na_don = make_org("XA-NADON", root, name="Chi bộ bản Nà Đon")
    na_bo = make_org("XA-NABO", root, name="Chi bộ bản Nà Bỏ")
    police = make_org(
        "XA-CA", root, kind=OrgKind.BASE_CELL, category=Category.POLICE, name="Chi bộ Công an xã"
    )
    orgs.add_locality(
        actor=None,
        code="BAN-NADON",
        name="Nà Đon",
        kind=LocalityKind.HAMLET,
        committee=root,
        cell=na_don,
    )
    orgs.add_locality(
        actor=None,
        code="BAN-NABO",
        name="Nà Bỏ",
        kind=LocalityKind.HAMLET,
        committee=root,
        cell=na_bo,
    )
    member_na_don = make_member(na_don, "Lò Văn Ánh", gender="male")
    member_na_bo = make_member(na_bo, "Giàng A Bí", gender="male", ethnicity="mong")
    plain_member = make_member(na_don, "Tòng Thị Xuân", gender="female", ethnicity="thai")
    secretary_na_don_person = make_member(na_don, "Lường Văn Khằm").person
    secretary_na_bo_person = make_member(na_bo, "Sùng Seo Páo").person
    return Commune(
        root=root,
        committee=committee,
        committee_cell=committee_cell,
        na_don=na_don,
        na_bo=na_bo,
        police=police,
        member_na_don=member_na_don,
        member_na_bo=member_na_bo,
        plain_member=plain_member,
        admin=make_user("canbo", Role.COMMUNE_ADMIN, root),
        secretary_na_don=make_user(
            "bithu.nadon", Role.CELL_SECRETARY, na_don, person=secretary_na_don_person
        ),
        secretary_na_bo=make_user(
            "bithu.nabo", Role.CELL_SECRETARY, na_bo, person=secretary_na_bo_person
        ),
        member_user=make_user("dangvien", Role.MEMBER, na_don, person=plain_member.person),
    )
