"""The demo commune: a Lai Châu upland commune modelled on the Bình Lư report (seeds/001).

``build(members=850, seed=1)`` creates the organization tree through the services (so it has
its dated names and placements, one rename, one reorganization and two dissolutions in the last
18 months), then generates every member's event log, checks each with the same ``replay`` the
services use, and bulk-inserts people, members, events and periods — fast enough for 200,000
members on PostgreSQL. Posts, localities and one demo user per persona follow.

Deterministic for a seed and a reference date (``today``).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from dangbo.core.choices import Role
from dangbo.core.models import RoleAssignment
from dangbo.members.choices import (
    AGE_BANDS,
    Ethnicity,
    EventKind,
    Gender,
    GeneralEducation,
    MemberState,
    PoliticalTheory,
    Professional,
    WorkStatus,
)
from dangbo.members.history import Fact, replay
from dangbo.members.models import (
    Member,
    MemberEvent,
    MembershipPeriod,
    MemberTransition,
    Person,
)
from dangbo.members.services import period_rows, summarize, transition_rows
from dangbo.organizations import services as org_services
from dangbo.organizations.choices import Category, LocalityKind, OrgKind, PostTitle
from dangbo.organizations.models import (
    Locality,
    Organization,
    OrganizationName,
    OrganizationPlacement,
    Post,
)

from .meetings import seed_meetings
from .names import NAMES, PLACE_SUFFIXES, VILLAGES

DEMO_PASSWORD = "demo"
HISTORY_LIMIT = 20_000  # field-history rows for bulk-loaded people up to this many members

# Distributions from the Bình Lư report (01/3/2026), in percent.
AGE_WEIGHTS = [4.9, 11.0, 20.7, 26.1, 13.8, 10.2, 13.2]
EDUCATION_WEIGHTS = {
    GeneralEducation.PRIMARY: 4.3,
    GeneralEducation.LOWER_SECONDARY: 18.5,
    GeneralEducation.UPPER_SECONDARY: 77.2,
}
PROFESSIONAL_WEIGHTS = {
    Professional.ELEMENTARY: 25.2,
    Professional.INTERMEDIATE: 12.8,
    Professional.COLLEGE: 6.3,
    Professional.UNIVERSITY: 53.4,
    Professional.MASTER: 2.3,
}
THEORY_WEIGHTS = {
    PoliticalTheory.NONE: 38.9,
    PoliticalTheory.ELEMENTARY: 34.6,
    PoliticalTheory.INTERMEDIATE: 23.1,
    PoliticalTheory.ADVANCED: 3.4,
}
FEMALE_SHARE = 0.445
MINORITY_SHARE_IN_VILLAGE = 0.62
OTHER_MINORITIES = [
    Ethnicity.THAI,
    Ethnicity.MONG,
    Ethnicity.DAO,
    Ethnicity.GIAY,
    Ethnicity.HOA,
    Ethnicity.TAY,
    Ethnicity.LU,
]


@dataclass
class CellPlan:
    org: Organization
    weight: float
    ethnicity: str = Ethnicity.KINH  # the majority group of a village cell
    locality: Locality | None = None
    opens: date | None = None  # members arrive on or after this date
    closes: date | None = None  # members move out on this date (dissolution)
    move_to: "CellPlan | None" = None


@dataclass
class MemberPlan:
    person: Person
    cell: CellPlan
    events: list[tuple] = field(default_factory=list)  # (kind, on, org_id, extra)
    card_number: str | None = None


class DemoBuilder:
    def __init__(self, *, members: int = 850, seed: int = 1, today: date | None = None, log=print):
        self.n = members
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.window_start = _add_months(self.today, -18)
        self.log = log
        self.cells: list[CellPlan] = []
        self.posts: list[Post] = []
        self.outsiders: list[Person] = []
        self.used_ids: set[str] = set()
        self.card_serial = 10_000

    # -- the tree ------------------------------------------------------------------------------
    def _org(self, code, name, kind, category, parent, on) -> Organization:
        return org_services.establish(
            actor=None, code=code, name=name, kind=kind, category=category, parent=parent, on=on
        )

    def build_tree(self) -> Organization:
        d = date
        w0 = self.window_start
        root = self._org(
            "BL",
            "Đảng bộ xã Bình Lư",
            OrgKind.COMMUNE_COMMITTEE,
            Category.OTHER,
            None,
            d(1975, 3, 15),
        )
        self.root = root

        def cell(code, name, category, parent, on, weight, **kw):
            org = self._org(code, name, OrgKind.CELL, category, parent, on)
            plan = CellPlan(org=org, weight=weight, **kw)
            self.cells.append(plan)
            return plan

        def base_cell(code, name, category, on, weight, **kw):
            org = self._org(code, name, OrgKind.BASE_CELL, category, root, on)
            plan = CellPlan(org=org, weight=weight, **kw)
            self.cells.append(plan)
            return plan

        # Base committees with their cells.
        cqd = self._org(
            "BL-CQD",
            "Đảng bộ các cơ quan Đảng xã",
            OrgKind.BASE_COMMITTEE,
            Category.PARTY_AGENCY,
            root,
            d(2015, 8, 1),
        )
        for i, name in enumerate(
            [
                "Văn phòng Đảng ủy",
                "Ủy ban Kiểm tra Đảng ủy",
                "Ban Xây dựng Đảng",
                "Mặt trận Tổ quốc xã",
                "Các đoàn thể xã",
            ],
            1,
        ):
            cell(f"BL-CQD-{i:02d}", f"Chi bộ {name}", Category.PARTY_AGENCY, cqd, d(2015, 8, 1), 8)
        ubnd = self._org(
            "BL-UBND",
            "Đảng bộ Ủy ban nhân dân xã",
            OrgKind.BASE_COMMITTEE,
            Category.GOVERNMENT,
            root,
            d(2015, 8, 1),
        )
        for i, name in enumerate(
            [
                "Văn phòng HĐND - UBND",
                "Phòng Kinh tế",
                "Phòng Văn hóa - Xã hội",
                "Trung tâm Phục vụ hành chính công",
                "Địa chính - Xây dựng",
            ],
            1,
        ):
            cell(f"BL-UBND-{i:02d}", f"Chi bộ {name}", Category.GOVERNMENT, ubnd, d(2015, 8, 1), 9)
        hospital = self._org(
            "BL-TTYT",
            "Đảng bộ Trung tâm Y tế Tam Đường",
            OrgKind.BASE_COMMITTEE,
            Category.HEALTH,
            root,
            d(2004, 5, 10),
        )
        for i, name in enumerate(["Khối Điều trị", "Khối Dự phòng", "Khối Hành chính"], 1):
            cell(
                f"BL-TTYT-{i:02d}", f"Chi bộ {name}", Category.HEALTH, hospital, d(2004, 5, 10), 20
            )
        station = cell(
            "BL-TYT", "Chi bộ Trạm Y tế xã", Category.HEALTH, hospital, d(2008, 1, 15), 8
        )

        # Base cells (chi bộ cơ sở): two of them established, two dissolved, in the window.
        base_cell("BL-CA", "Chi bộ Công an xã", Category.POLICE, d(2020, 1, 2), 30)
        base_cell("BL-QS", "Chi bộ Quân sự xã", Category.MILITARY, d(2012, 3, 1), 8)
        base_cell("BL-THPT", "Chi bộ Trường THPT Bình Lư", Category.SCHOOL, d(2001, 9, 5), 25)
        base_cell("BL-DL", "Chi bộ Điện lực Tam Đường", Category.STATE_ENTERPRISE, d(2010, 6, 1), 7)
        base_cell(
            "BL-HTX",
            "Chi bộ Hợp tác xã chè Bình Lư",
            Category.PRIVATE_ENTERPRISE,
            d(2018, 4, 20),
            5,
        )
        new_a = _add_months(w0, 4)
        new_b = _add_months(w0, 5)
        base_cell(
            "BL-NHCS",
            "Chi bộ Phòng giao dịch Ngân hàng Chính sách xã hội Tam Đường",
            Category.STATE_ENTERPRISE,
            new_a,
            6,
            opens=new_a,
        )
        base_cell(
            "BL-AGRI",
            "Chi bộ Ngân hàng Nông nghiệp và Phát triển Nông thôn - Chi nhánh Bình Lư",
            Category.STATE_ENTERPRISE,
            new_b,
            9,
            opens=new_b,
        )
        extension = base_cell(
            "BL-KN",
            "Chi bộ Trạm Khuyến nông và Dịch vụ nông nghiệp",
            Category.PUBLIC_SERVICE,
            d(1999, 10, 1),
            6,
        )
        culture = base_cell(
            "BL-VH",
            "Chi bộ Trung tâm Văn hóa, Thể thao và Truyền thông",
            Category.PUBLIC_SERVICE,
            d(2009, 2, 1),
            5,
        )

        # Cells directly under the commune: schools, and one cell per village.
        schools = [
            "Trường Mầm non Bình Lư",
            "Trường Mầm non Sơn Bình",
            "Trường Mầm non Tam Đường",
            "Trường Tiểu học Bình Lư",
            "Trường Tiểu học Sơn Bình",
            "Trường Tiểu học Tam Đường",
            "Trường THCS Bình Lư",
            "Trường THCS Sơn Bình",
        ]
        for i, name in enumerate(schools, 1):
            cell(f"BL-TH{i:02d}", f"Chi bộ {name}", Category.SCHOOL, root, d(1998, 9, 1), 12)
        villages = list(VILLAGES)
        extra = max(0, (self.n - 850) // 25)
        for i in range(extra):
            name, ethnic = VILLAGES[i % len(VILLAGES)]
            villages.append(
                (f"{name} {PLACE_SUFFIXES[i % len(PLACE_SUFFIXES)]} {i // 6 + 1}", ethnic)
            )
        self._villages(root, villages)
        # Two localities without a cell of their own yet (targets count them).
        for i, name in enumerate(["Nà Sẳng", "Cang Chải"], 1):
            Locality.objects.create(
                code=f"BAN-X{i}", name=name, kind=LocalityKind.HAMLET, committee=root
            )

        # The reorganization of the window: the health station cell leaves the hospital
        # committee for the commune; the hospital committee is renamed; two base cells close.
        self.reorganization = _add_months(w0, 1)
        self._station = station
        self._hospital = hospital
        extension.closes = _add_months(w0, 6)
        extension.move_to = self._find("BL-UBND-02")
        culture.closes = _add_months(w0, 7)
        culture.move_to = self._find("BL-UBND-03")
        return root

    def _villages(self, root: Organization, villages: list[tuple[str, str]]) -> None:
        """One cell per village, written in bulk (a province-sized demo has thousands): the
        same rows the services write, placements and names included."""
        specs = []
        for i, (name, ethnic) in enumerate(villages, 1):
            code = f"BL-B{i:02d}" if i < 100 else f"BL-B{i}"
            established = date(1976 + self.rng.randrange(0, 30), self.rng.randrange(1, 13), 1)
            specs.append((code, name, ethnic, established, 12.5 + self.rng.random() * 4))
        orgs = [
            Organization(
                code=code,
                name=f"Chi bộ bản {name}",
                kind=OrgKind.CELL,
                category=Category.LOCALITY,
                parent=root,
                path="",
                depth=root.depth + 1,
                established_on=established,
            )
            for code, name, _ethnic, established, _weight in specs
        ]
        orgs = Organization.objects.bulk_create(orgs, batch_size=2000)
        for org in orgs:
            org.path = f"{root.path}{org.pk}/"
        Organization.objects.bulk_update(orgs, ["path"], batch_size=2000)
        if len(orgs) <= HISTORY_LIMIT // 10:
            Organization.history.bulk_history_create(orgs, batch_size=2000)
        OrganizationName.objects.bulk_create(
            [
                OrganizationName(organization=o, name=o.name, valid_from=o.established_on)
                for o in orgs
            ],
            batch_size=5000,
        )
        OrganizationPlacement.objects.bulk_create(
            [
                OrganizationPlacement(
                    organization=o, parent=root, path=o.path, valid_from=o.established_on
                )
                for o in orgs
            ],
            batch_size=5000,
        )
        localities = Locality.objects.bulk_create(
            [
                Locality(
                    code=code.replace("BL-B", "BAN-"),
                    name=name,
                    kind=LocalityKind.HAMLET,
                    committee=root,
                    cell=org,
                    established_on=established,
                )
                for (code, name, _e, established, _w), org in zip(specs, orgs, strict=True)
            ],
            batch_size=5000,
        )
        for (_c, _n, ethnic, _est, weight), org, locality in zip(
            specs, orgs, localities, strict=True
        ):
            self.cells.append(CellPlan(org=org, weight=weight, ethnicity=ethnic, locality=locality))

    def _find(self, code: str) -> CellPlan:
        return next(c for c in self.cells if c.org.code == code)

    def reorganize(self) -> None:
        """Tree changes dated inside the window, done through the services after the members
        exist (dissolution refuses while members remain)."""
        org_services.move(
            self._station.org,
            actor=None,
            new_parent=self.root,
            on=self.reorganization,
            decision="52-QĐ/ĐU",
        )
        org_services.rename(
            self._hospital,
            actor=None,
            name="Đảng bộ Bệnh viện Đa khoa Tam Đường",
            on=_add_months(self.window_start, 2),
            decision="1804-QĐ/TU",
        )
        for plan in self.cells:
            if plan.closes:
                org_services.dissolve(
                    plan.org,
                    actor=None,
                    on=plan.closes + timedelta(days=1),
                    decision="Quyết định giải thể",
                )

    # -- people --------------------------------------------------------------------------------
    def _pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _name(self, ethnicity: str, gender: str) -> str:
        pool = NAMES.get(ethnicity, NAMES[Ethnicity.KINH])
        g = "m" if gender == Gender.MALE else "f"
        return " ".join(
            [
                self.rng.choice(pool["family"]),
                self.rng.choice(pool[f"middle_{g}"]),
                self.rng.choice(pool[f"given_{g}"]),
            ]
        )

    def _national_id(self) -> str | None:
        if self.rng.random() < 0.15:
            return None
        while True:
            value = "012" + "".join(str(self.rng.randrange(10)) for _ in range(9))
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def _person(
        self,
        cell: CellPlan,
        *,
        age: int | None = None,
        gender: str | None = None,
        female_share: float = FEMALE_SHARE,
    ) -> Person:
        rng = self.rng
        if age is None:
            low, high = self._age_band()
            age = rng.randint(low, high)
        birth = _add_days(_add_years(self.today, -age), -rng.randrange(1, 364))
        gender = gender or (Gender.FEMALE if rng.random() < female_share else Gender.MALE)
        if cell.org.category == Category.LOCALITY:
            if cell.ethnicity == Ethnicity.KINH:
                ethnicity = Ethnicity.KINH if rng.random() < 0.93 else rng.choice(OTHER_MINORITIES)
            else:
                ethnicity = (
                    cell.ethnicity if rng.random() < MINORITY_SHARE_IN_VILLAGE else (Ethnicity.KINH)
                )
        else:
            ethnicity = Ethnicity.KINH if rng.random() < 0.85 else rng.choice(OTHER_MINORITIES)
        education = self._pick(EDUCATION_WEIGHTS)
        professional = self._pick(PROFESSIONAL_WEIGHTS)
        if education != GeneralEducation.UPPER_SECONDARY and professional in (
            Professional.UNIVERSITY,
            Professional.MASTER,
        ):
            professional = Professional.ELEMENTARY
        retired = age > 60 or rng.random() < 0.01
        person = Person(
            full_name=self._name(ethnicity, gender),
            birth_date=birth,
            gender=gender,
            ethnicity=ethnicity,
            religion=rng.choice(["Công giáo", "Phật giáo"]) if rng.random() < 0.0025 else "",
            national_id=self._national_id(),
            residence=cell.locality,
            phone=f"09{rng.randrange(10**7, 10**8)}" if rng.random() < 0.7 else "",
            general_education=education,
            professional=professional,
            political_theory=self._pick(THEORY_WEIGHTS),
            work_status=WorkStatus.RETIRED if retired else WorkStatus.WORKING,
            occupation=_occupation(cell, retired),
        )
        person.refresh_derived()
        return person

    def _age_band(self) -> tuple[int, int]:
        key, low, high = self.rng.choices(AGE_BANDS, weights=AGE_WEIGHTS)[0]
        return max(low, 21), high or 88

    # -- members and their logs ----------------------------------------------------------------
    def _card(self) -> str:
        self.card_serial += 1
        return f"12.{self.card_serial:06d}"

    def plan_members(self) -> list[MemberPlan]:
        rng, today, w0 = self.rng, self.today, self.window_start
        total_weight = sum(c.weight for c in self.cells)
        plans: list[MemberPlan] = []
        recent_share = 0.055
        for cell in self.cells:
            count = max(3, round(self.n * cell.weight / total_weight))
            for _ in range(count):
                recent = cell.opens is None and cell.closes is None and rng.random() < recent_share
                if recent:
                    person = self._person(cell, age=rng.randint(19, 34), female_share=0.6)
                else:
                    person = self._person(cell)
                plans.append(self._history(person, cell, recent))
        plans = plans[: max(self.n, len(plans))]
        self._window_events(plans)
        self._guests(plans, w0, today)
        return plans

    def _history(self, person: Person, cell: CellPlan, recent: bool) -> MemberPlan:
        rng, today, w0 = self.rng, self.today, self.window_start
        plan = MemberPlan(person=person, cell=cell)
        org = cell.org
        age_now = _years_between(person.birth_date, today)
        if recent:
            admitted = _add_days(w0, rng.randrange(0, max(1, (today - w0).days - 10)))
            admitted = max(admitted, _add_years(person.birth_date, 18) + timedelta(days=30))
            plan.events.append((EventKind.ADMITTED, admitted, org.pk, {}))
            official = _add_years(admitted, 1)
            if official <= today - timedelta(days=3):
                plan.events.append((EventKind.RECOGNIZED_OFFICIAL, official, None, {}))
                plan.card_number = self._card()
            return plan
        admit_age = rng.randint(19, max(19, min(age_now - 2, 50)))
        admitted = _add_days(_add_years(person.birth_date, admit_age), rng.randrange(0, 300))
        admitted = min(admitted, w0 - timedelta(days=400))
        official = _add_years(admitted, 1)
        plan.card_number = self._card()
        arrival_floor = cell.opens or org.established_on
        if admitted >= arrival_floor and cell.opens is None:
            plan.events.append((EventKind.ADMITTED, admitted, org.pk, {}))
            plan.events.append((EventKind.RECOGNIZED_OFFICIAL, official, None, {}))
        else:
            start = max(arrival_floor, official)
            if cell.opens:
                arrival = _add_days(cell.opens, rng.randrange(0, 20))
            else:
                arrival = _add_days(start, rng.randrange(0, 400))
                arrival = min(arrival, w0 - timedelta(days=30))
                arrival = max(arrival, arrival_floor)
            plan.events.append(
                (
                    EventKind.TRANSFERRED_IN,
                    arrival,
                    org.pk,
                    {
                        "from": "Đảng bộ xã Sơn Bình (cũ)",
                        "admitted_on": admitted.isoformat(),
                        "official_on": official.isoformat(),
                    },
                )
            )
        return plan

    def _window_events(self, plans: list[MemberPlan]) -> None:
        """Exemptions, moves, transfers, discipline, a removal, an expulsion and deaths."""
        rng, today, w0 = self.rng, self.today, self.window_start
        n = len(plans)

        def settled(plan):  # present before the window, no events inside it yet
            return plan.events[-1][1] < w0 and plan.cell.opens is None and not plan.cell.closes

        def in_window(lo_days=10, hi_days=10):
            return _add_days(
                w0, rng.randrange(lo_days, max(lo_days + 1, (today - w0).days - hi_days))
            )

        # Dissolved cells: every member moves to the cell that takes them in.
        for plan in plans:
            if plan.cell.closes:
                plan.events.append(
                    (
                        EventKind.MOVED,
                        plan.cell.closes,
                        plan.cell.move_to.org.pk,
                        {"from_organization": plan.cell.org.pk},
                    )
                )

        pool = [p for p in plans if settled(p)]
        rng.shuffle(pool)
        old, young = [], []
        for p in pool:
            (old if _years_between(p.person.birth_date, today) > 60 else young).append(p)
        taken: set[int] = set()

        def take(source, k):
            chosen = []
            for p in source:
                if len(chosen) >= k:
                    break
                if id(p) not in taken:
                    taken.add(id(p))
                    chosen.append(p)
            return chosen

        # Exemptions: old age, most begun before the window; a few for other reasons.
        for p in take(old, round(n * 0.043)):
            start = _add_days(w0, -rng.randrange(30, 1500))
            start = max(start, p.events[-1][1] + timedelta(days=1))
            p.events.append(
                (EventKind.EXEMPTION_STARTED, start, None, {"reason": "Tuổi cao, sức yếu"})
            )
        for p in take(young, round(n * 0.008)):
            p.events.append(
                (EventKind.EXEMPTION_STARTED, in_window(), None, {"reason": "Đi làm ăn xa"})
            )
        for p in take(young, max(2, round(n * 0.004))):
            on = in_window(10, 200)
            p.events.append((EventKind.EXEMPTION_STARTED, on, None, {"reason": "Ốm đau dài ngày"}))
            p.events.append(
                (EventKind.EXEMPTION_ENDED, _add_days(on, rng.randrange(60, 180)), None, {})
            )
        # Moves between cells of the commune.
        village_cells = [c for c in self.cells if c.org.category == Category.LOCALITY]
        for p in take(young, max(3, round(n * 0.012))):
            target = rng.choice(village_cells)
            while target is p.cell:
                target = rng.choice(village_cells)
            p.events.append(
                (EventKind.MOVED, in_window(), target.org.pk, {"from_organization": p.cell.org.pk})
            )
        # Transfers out, discipline, removal, expulsion, deaths, temporary activity elsewhere.
        for p in take(young, max(3, round(n * 0.012))):
            p.events.append(
                (EventKind.TRANSFERRED_OUT, in_window(), None, {"to": "Đảng bộ phường Tân Phong"})
            )
        for p, form in zip(take(young, 3), ["reprimand", "warning", "reprimand"], strict=False):
            p.events.append(
                (
                    EventKind.DISCIPLINED,
                    in_window(),
                    None,
                    {"form": form, "reason": "Vi phạm quy định về sinh hoạt đảng"},
                )
            )
        for p in take(young, 1):
            p.events.append(
                (
                    EventKind.REMOVED,
                    in_window(),
                    None,
                    {"reason": "Bỏ sinh hoạt đảng 3 tháng liền không có lý do"},
                )
            )
        if n >= 400:
            for p in take(young, 1):
                p.events.append(
                    (EventKind.EXPELLED, in_window(), None, {"reason": "Vi phạm pháp luật"})
                )
        for p in take(old, max(2, round(n * 0.0025))):
            if p.events[-1][0] == EventKind.EXEMPTION_STARTED:
                continue
            p.events.append((EventKind.DIED, in_window(), None, {}))
        for i, p in enumerate(take(young, 2)):
            on = in_window(10, 120)
            p.events.append((EventKind.TEMPORARY_OUT, on, None, {"to": "Khu công nghiệp Bắc Ninh"}))
            if i == 0:
                p.events.append((EventKind.TEMPORARY_IN, _add_days(on, 90), None, {}))
        for p in plans:
            p.events.sort(key=lambda e: e[1])

    def _guests(self, plans: list[MemberPlan], w0: date, today: date) -> None:
        """Two teachers from elsewhere meeting here for a while (not counted here)."""
        school = next(c for c in self.cells if c.org.code == "BL-THPT")
        for _ in range(2):
            person = self._person(school, age=self.rng.randint(26, 35))
            admitted = _add_years(person.birth_date, 23)
            plan = MemberPlan(person=person, cell=school)
            plan.events.append(
                (
                    EventKind.TEMPORARY_IN,
                    _add_days(w0, self.rng.randrange(30, 200)),
                    school.org.pk,
                    {
                        "from": "Đảng bộ xã Nà Tăm",
                        "admitted_on": admitted.isoformat(),
                        "official_on": _add_years(admitted, 1).isoformat(),
                    },
                )
            )
            plans.append(plan)

    # -- writing -------------------------------------------------------------------------------
    def write_members(self, plans: list[MemberPlan]) -> list[Member]:
        replays = []
        for plan in plans:
            facts = [Fact(kind, on, org, extra) for kind, on, org, extra in plan.events]
            replays.append(replay(facts))
        people = [p.person for p in plans]
        if len(plans) <= HISTORY_LIMIT:
            people = bulk_create_with_history(people, Person, batch_size=2000)
        else:
            people = Person.objects.bulk_create(people, batch_size=5000)
        members = []
        for plan, person, result in zip(plans, people, replays, strict=True):
            card = plan.card_number if result.official_on else None
            members.append(summarize(Member(person=person, card_number=card), result))
        if len(plans) <= HISTORY_LIMIT:
            members = bulk_create_with_history(members, Member, batch_size=2000)
        else:
            members = Member.objects.bulk_create(members, batch_size=5000)
        events, periods, transitions = [], [], []
        for plan, member, result in zip(plans, members, replays, strict=True):
            for seq, (kind, on, org, extra) in enumerate(plan.events, 1):
                events.append(
                    MemberEvent(
                        member=member,
                        kind=kind,
                        effective_on=on,
                        seq=seq,
                        organization_id=org,
                        extra=extra,
                        decision_number=_decision(kind, on, self.rng),
                    )
                )
            periods.extend(period_rows(member, result))
            transitions.extend(transition_rows(member, result))
        MemberEvent.objects.bulk_create(events, batch_size=5000)
        MembershipPeriod.objects.bulk_create(periods, batch_size=5000)
        MemberTransition.objects.bulk_create(transitions, batch_size=5000)
        return members

    def posts_and_users(self, plans: list[MemberPlan], members: list[Member]) -> dict:
        """Secretaries, village heads and front committee heads; one demo user per persona."""
        rng, on = self.rng, self.window_start - timedelta(days=200)
        by_cell: dict[int, list[Member]] = {}
        for member in members:
            if member.state == MemberState.ACTIVE:
                by_cell.setdefault(member.organization_id, []).append(member)
        person_of = {m.pk: m.person for m in members}
        secretaries: dict[str, Person] = {}
        for plan in self.cells:
            org = plan.org
            if plan.closes:
                continue
            present = [m for m in by_cell.get(org.pk, []) if not m.is_exempt]
            if not present:
                continue
            present.sort(key=lambda m: m.admitted_on)
            secretary = person_of[present[0].pk]
            start = max(on, plan.opens or on)
            self._post(secretary, PostTitle.SECRETARY, start, organization=org)
            secretaries[org.code] = secretary
            if len(present) >= 9:
                for m in present[1:3]:
                    self._post(person_of[m.pk], PostTitle.COMMITTEE_MEMBER, start, organization=org)
            if plan.locality:
                self._locality_heads(plan, present, person_of, secretary, start)
            elif org.category not in (Category.POLICE, Category.MILITARY):
                head = secretary if rng.random() < 0.95 else person_of[present[-1].pk]
                self._post(head, PostTitle.AGENCY_HEAD, start, organization=org)
        self._commune_posts(members, person_of, on)
        self._write_posts()
        return self._users(secretaries, by_cell, person_of)

    def _post(self, person, title, start, *, organization=None, locality=None) -> None:
        self.posts.append(
            Post(
                person=person,
                title=title,
                organization=organization,
                locality=locality,
                started_on=start,
            )
        )

    def _write_posts(self) -> None:
        """Generated posts are consistent by construction; written in bulk like the members."""
        if len(self.outsiders) <= HISTORY_LIMIT:
            bulk_create_with_history(self.outsiders, Person, batch_size=2000)
        else:
            Person.objects.bulk_create(self.outsiders, batch_size=5000)
        Post.objects.bulk_create(self.posts, batch_size=5000)

    def _locality_heads(self, plan, present, person_of, secretary, start):
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            head = secretary
        elif roll < 0.85 and len(present) > 1:
            head = person_of[present[1].pk]
        else:
            head = self._outsider(plan)
        self._post(head, PostTitle.VILLAGE_HEAD, start, locality=plan.locality)
        roll = rng.random()
        if roll < 0.30 and head is not secretary:
            front = secretary
        elif roll < 0.85 and len(present) > 2:
            front = person_of[present[2].pk]
        else:
            front = self._outsider(plan)
        self._post(front, PostTitle.FRONT_COMMITTEE_HEAD, start, locality=plan.locality)

    def _outsider(self, plan: CellPlan) -> Person:
        person = self._person(plan, age=self.rng.randint(35, 60))
        self.outsiders.append(person)
        return person

    def _commune_posts(self, members, person_of, on):
        agency = [
            m
            for m in members
            if m.state == MemberState.ACTIVE
            and m.official_on
            and m.organization.code.startswith(("BL-CQD-", "BL-UBND-"))
        ]
        agency.sort(key=lambda m: m.admitted_on)
        titles = (
            [PostTitle.SECRETARY, PostTitle.DEPUTY_SECRETARY, PostTitle.DEPUTY_SECRETARY]
            + [PostTitle.STANDING_COMMITTEE_MEMBER] * 5
            + [PostTitle.INSPECTION_COMMITTEE_MEMBER] * 3
        )
        for member, title in zip(agency, titles, strict=False):
            self._post(person_of[member.pk], title, on, organization=self.root)

    def _users(self, secretaries, by_cell, person_of) -> dict:
        User = get_user_model()
        logins = {}
        if not User.objects.exists():
            admin = User.objects.create_superuser("admin", "", "admin", first_name="Quản trị")
            RoleAssignment.objects.create(
                user=admin, organization=self.root, role=Role.COMMUNE_ADMIN
            )
            logins["admin"] = ("admin", "Quản trị đảng bộ xã (toàn quyền)")
        staff = [
            ("xaydungdang", "Ban Xây dựng Đảng", Role.PARTY_BUILDING),
            ("kiemtra", "Ủy ban Kiểm tra", Role.INSPECTION),
            ("vanphong", "Văn phòng Đảng ủy", Role.OFFICE),
        ]
        for username, label, role in staff:
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(username, "", DEMO_PASSWORD, first_name=label)
            RoleAssignment.objects.create(user=user, organization=self.root, role=role)
            logins[username] = (DEMO_PASSWORD, label)
        for username, code in [("bithu.nadon", "BL-B01"), ("bithu.nabo", "BL-B02")]:
            person = secretaries.get(code)
            cell = Organization.objects.get(code=code)
            if person is None or User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(
                username, "", DEMO_PASSWORD, first_name=person.full_name
            )
            RoleAssignment.objects.create(user=user, organization=cell, role=Role.CELL_SECRETARY)
            Person.objects.filter(pk=person.pk).update(user=user)
            logins[username] = (DEMO_PASSWORD, f"Bí thư {cell.name}")
        cell = Organization.objects.get(code="BL-B01")
        plain = [
            m
            for m in by_cell.get(cell.pk, [])
            if person_of[m.pk].pk != getattr(secretaries.get("BL-B01"), "pk", None)
        ]
        if plain and not User.objects.filter(username="dangvien").exists():
            person = person_of[plain[-1].pk]
            user = User.objects.create_user(
                "dangvien", "", DEMO_PASSWORD, first_name=person.full_name
            )
            RoleAssignment.objects.create(user=user, organization=cell, role=Role.MEMBER)
            Person.objects.filter(pk=person.pk).update(user=user)
            logins["dangvien"] = (DEMO_PASSWORD, f"Đảng viên {cell.name}")
        return logins

    @transaction.atomic
    def build(self) -> dict:
        self.build_tree()
        self.log(f"  {Organization.objects.count()} tổ chức đảng")
        plans = self.plan_members()
        members = self.write_members(plans)
        self.log(f"  {len(members)} đảng viên, {MemberEvent.objects.count()} sự kiện")
        self.reorganize()
        members = list(Member.objects.select_related("person", "organization").order_by("pk"))
        logins = self.posts_and_users(plans, members)
        # A province-sized demo keeps meetings for the commune's own cells only (benchmarks
        # create their own).
        seed_meetings(
            self.root,
            rng=self.rng,
            today=self.today,
            log=self.log,
            max_cells=None if self.n <= 5000 else 60,
        )
        return logins


def _decision(kind: str, on: date, rng: random.Random) -> str:
    if kind in (
        EventKind.ADMITTED,
        EventKind.RECOGNIZED_OFFICIAL,
        EventKind.TRANSFERRED_IN,
        EventKind.TRANSFERRED_OUT,
        EventKind.EXPELLED,
        EventKind.REMOVED,
        EventKind.DISCIPLINED,
    ):
        return f"{rng.randrange(1, 400)}-QĐ/ĐU"
    if kind in (EventKind.EXEMPTION_STARTED, EventKind.MOVED):
        return f"{rng.randrange(1, 60)}-NQ/CB"
    return ""


def _occupation(cell: CellPlan, retired: bool) -> str:
    if retired:
        return "Nghỉ hưu"
    return {
        Category.LOCALITY: "Làm nông nghiệp",
        Category.SCHOOL: "Giáo viên",
        Category.HEALTH: "Viên chức y tế",
        Category.POLICE: "Công an",
        Category.MILITARY: "Quân nhân",
        Category.PARTY_AGENCY: "Công chức",
        Category.GOVERNMENT: "Công chức",
    }.get(cell.org.category, "Người lao động")


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def _add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return date(year, month, min(d.day, 28))


def _add_days(d: date, days: int) -> date:
    return d + timedelta(days=days)


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def build(*, members: int = 850, seed: int = 1, today: date | None = None, log=print) -> dict:
    return DemoBuilder(members=members, seed=seed, today=today, log=log).build()
