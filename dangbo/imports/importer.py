"""The workbook importer (DOMAIN.md §4, CONTRACTS.md §2).

Everything is validated before anything is written: every refused cell or row is reported with
sheet, row, column, value and reason, and then nothing is written at all. A valid workbook is
applied in one transaction: new organizations through the tree services; new members in bulk
(their logs derived from the rows and checked by the same replay the services use); known
members (matched by card number, else by folded name and birth date) through the member services,
so that what changed is recorded in their history. The same workbook again changes nothing.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import openpyxl
from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from dangbo.core.audit import audit
from dangbo.core.choices import Action
from dangbo.core.db import today
from dangbo.core.errors import DomainError
from dangbo.core.scope import is_unrestricted, restrict
from dangbo.core.text import fold, normalize_spaces, vn_date
from dangbo.members import services as member_services
from dangbo.members.history import replay
from dangbo.members.models import Member, MemberEvent, MembershipPeriod, MemberTransition, Person
from dangbo.members.selectors import age_on
from dangbo.organizations import services as org_services
from dangbo.organizations.choices import ALLOWED_PARENT_KINDS, MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from . import reader
from .rows import PERSON_KEYS, Fact, derive_log, member_row, signature

ORG_SHEET, MEMBER_SHEET = reader.ORG_SHEET_TITLE, reader.MEMBER_SHEET_TITLE
HEADERS = {c.key: c.header for c in (*reader.ORG_COLUMNS, *reader.MEMBER_COLUMNS)}
BULK_HISTORY_LIMIT = 20_000
PENDING_CELL = -1  # stands for a cell not created yet, when a row's history is checked


@dataclass
class Refusal:
    sheet: str
    row: int | None
    column: str
    value: Any
    message: str

    def as_dict(self) -> dict:
        value = self.value
        if isinstance(value, date):
            value = value.strftime("%d/%m/%Y")
        elif value is not None and not isinstance(value, int | float | str | bool):
            value = str(value)
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "message": self.message,
        }


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    ok: bool
    dry_run: bool
    refusals: list[Refusal] = field(default_factory=list)
    organizations: Counts = field(default_factory=Counts)
    members: Counts = field(default_factory=Counts)
    changes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        if not self.ok:
            return {"ok": False, "errors": [r.as_dict() for r in self.refusals]}
        return {
            "ok": True,
            "dry_run": self.dry_run,
            "sheets": {ORG_SHEET: vars(self.organizations), MEMBER_SHEET: vars(self.members)},
            "changes": self.changes,
        }


@dataclass
class _Row:
    number: int
    values: dict
    present: set[str]


@dataclass
class _MemberPlan:
    row: _Row
    values: dict  # the row's values, blanks filled from what is known
    cell_code: str
    existing: Member | None = None
    person: Person | None = None  # a known person (not yet a member) to make a member of
    facts: list[Fact] = field(default_factory=list)


Progress = Callable[[str, int, int], None]


def import_workbook(
    source,
    *,
    actor=None,
    dry_run: bool = False,
    filename: str = "",
    progress: Progress | None = None,
    scope_user=None,
) -> ImportResult:
    """Validate, then (unless ``dry_run`` or refused) apply the workbook in ``source`` (a path or
    a file object). Returns what happened; writes nothing when anything is refused.

    With ``scope_user``, every organization and member the workbook touches must lie within
    what that user may manage; anything else is refused as if it did not exist.
    """
    job = _Import(actor, filename, progress or (lambda *_: None))
    if scope_user is not None and not is_unrestricted(scope_user):

        def reach(action):
            return set(
                restrict(Organization.objects.all(), scope_user, action).values_list(
                    "pk", flat=True
                )
            )

        job.allowed = reach(Action.MANAGE_MEMBERS)
        job.allowed_orgs = reach(Action.MANAGE_ORGANIZATIONS)
    return job.run(source, dry_run)


class _Import:
    def __init__(self, actor, filename: str, progress: Progress):
        self.actor = actor
        self.filename = filename
        self.progress = progress
        self.refusals: list[Refusal] = []
        self.result = ImportResult(ok=False, dry_run=False)
        self.allowed: set[int] | None = None  # organization ids the user may manage members of
        self.allowed_orgs: set[int] | None = None  # … and may establish under or change

    def in_scope(self, org: Organization) -> bool:
        return self.allowed is None or org.pk in self.allowed

    def refuse(self, sheet, row, key_or_header, value, message):
        header = HEADERS.get(key_or_header, key_or_header)
        self.refusals.append(Refusal(sheet, row, header, value, message))

    # -- reading ---------------------------------------------------------------------------
    def run(self, source, dry_run: bool) -> ImportResult:
        self.result.dry_run = dry_run
        self.refused_codes: set[str] = set()
        org_rows, member_rows = self.read(source)
        # Every row is checked, refused or not, so that every refusal is listed at once.
        self.validate_organizations(org_rows)
        plans = self.validate_members(member_rows)
        if self.refusals:
            return self.finish()
        with transaction.atomic():
            self.apply(org_rows, plans)
            if self.refusals or dry_run:
                transaction.set_rollback(True)
        return self.finish()

    def finish(self) -> ImportResult:
        self.refusals.sort(key=lambda r: (r.sheet != ORG_SHEET, r.row or 0))
        self.result.refusals = self.refusals
        self.result.ok = not self.refusals
        return self.result

    def read(self, source) -> tuple[list[_Row], list[_Row]]:
        try:
            workbook = openpyxl.load_workbook(source, data_only=True, read_only=True)
        except Exception:  # noqa: BLE001 — any unreadable file gets the same answer
            self.refuse(
                "",
                None,
                "",
                self.filename or None,
                "Không đọc được tệp: cần tệp Excel .xlsx (Excel 2007 trở lên).",
            )
            return [], []
        sheets = reader.find_sheets(workbook)
        if sheets.members is None and sheets.organizations is None:
            self.refuse(
                "",
                None,
                "",
                None,
                f"Không thấy trang «{ORG_SHEET}» hay «{MEMBER_SHEET}» trong tệp.",
            )
            return [], []
        org_rows = self.read_sheet(sheets.organizations, reader.ORG_COLUMNS, ORG_SHEET)
        member_rows = self.read_sheet(sheets.members, reader.MEMBER_COLUMNS, MEMBER_SHEET)
        workbook.close()
        return org_rows, member_rows

    def read_sheet(self, worksheet, columns, sheet) -> list[_Row]:
        if worksheet is None:
            return []
        try:
            header = reader.find_header(worksheet, columns)
        except reader.HeaderNotFound as missing:
            self.refuse(sheet, None, ", ".join(missing.missing), None, missing.message)
            return []
        rows = []
        for number, raw in reader.iter_rows(worksheet, header):
            values, refused = reader.parse_row(columns, raw)
            for cell in refused:
                self.refuse(sheet, number, cell.header, cell.value, cell.message)
            if refused and sheet == ORG_SHEET and values.get("code"):
                self.refused_codes.add(values["code"])
            if not refused:
                rows.append(_Row(number, values, set(header.columns)))
        return rows

    # -- organizations ---------------------------------------------------------------------
    def validate_organizations(self, rows: list[_Row]) -> None:
        self.sheet_orgs: dict[str, _Row] = {}
        for row in rows:
            code = row.values["code"]
            if code in self.sheet_orgs:
                self.refuse(
                    ORG_SHEET,
                    row.number,
                    "code",
                    code,
                    f"Mã tổ chức trùng với dòng {self.sheet_orgs[code].number}.",
                )
                continue
            self.sheet_orgs[code] = row
        codes = set(self.sheet_orgs) | {r.values.get("parent_code") for r in rows} - {None}
        self.db_orgs = {
            o.code: o for o in Organization.objects.filter(code__in=codes).select_related("parent")
        }
        self.hidden = {c for c, o in self.db_orgs.items() if not self.in_scope(o)}
        for code, row in self.sheet_orgs.items():
            v = row.values
            for key in ("established_on", "dissolved_on"):
                if v.get(key) and v[key] > today():
                    self.refuse(ORG_SHEET, row.number, key, v[key], "Ngày ở tương lai.")
            if v.get("dissolved_on") and v["dissolved_on"] <= v["established_on"]:
                self.refuse(
                    ORG_SHEET,
                    row.number,
                    "dissolved_on",
                    v["dissolved_on"],
                    "Ngày giải thể phải sau ngày thành lập.",
                )
            existing = self.db_orgs.get(code)
            if code in self.hidden:
                self.refuse(
                    ORG_SHEET,
                    row.number,
                    "code",
                    code,
                    f"Mã tổ chức «{code}» đã được dùng.",
                )
            elif existing:
                self.check_known_org(row, existing)
            else:
                self.check_new_org(row)
        self.check_cycles()

    def _org_facts(self, code: str) -> tuple[str, date, date | None] | None:
        """(kind, established, dissolved) of an organization in the file or the database."""
        if code in self.sheet_orgs and code not in self.db_orgs:
            v = self.sheet_orgs[code].values
            return v["kind"], v["established_on"], v.get("dissolved_on")
        org = self.db_orgs.get(code)
        if org is None or not self.in_scope(org):
            return None
        return org.kind, org.established_on, org.dissolved_on

    def check_known_org(self, row: _Row, org: Organization) -> None:
        v = row.values
        if (
            self.allowed_orgs is not None
            and org.pk not in self.allowed_orgs
            and (v["name"] != org.name or v.get("dissolved_on") and not org.dissolved_on)
        ):
            self.refuse(
                ORG_SHEET,
                row.number,
                "code",
                org.code,
                "Bạn không có quyền sửa hay giải thể tổ chức này.",
            )
        if v["kind"] != org.kind:
            self.refuse(
                ORG_SHEET,
                row.number,
                "kind",
                v["kind"],
                f"Tổ chức {org.code} đã có với loại «{org.get_kind_display()}»; "
                "không đổi loại tổ chức qua tệp.",
            )
        parent = v.get("parent_code")
        if parent and parent != (org.parent.code if org.parent else None):
            self.refuse(
                ORG_SHEET,
                row.number,
                "parent_code",
                parent,
                f"Tổ chức {org.code} đang trực thuộc "
                f"{org.parent.code if org.parent else '(không)'}; muốn đổi, hãy dùng "
                "chức năng «Chuyển trực thuộc» để ghi ngày chuyển.",
            )
        if v["established_on"] != org.established_on:
            self.refuse(
                ORG_SHEET,
                row.number,
                "established_on",
                v["established_on"],
                f"Khác ngày thành lập đã ghi ({vn_date(org.established_on)}).",
            )
        dissolved = v.get("dissolved_on")
        if dissolved and org.dissolved_on and dissolved != org.dissolved_on:
            self.refuse(
                ORG_SHEET,
                row.number,
                "dissolved_on",
                dissolved,
                f"Khác ngày giải thể đã ghi ({vn_date(org.dissolved_on)}).",
            )

    def check_new_org(self, row: _Row) -> None:
        v = row.values
        parent_code = v.get("parent_code")
        allowed = ALLOWED_PARENT_KINDS[v["kind"]]
        if not parent_code:
            if allowed:
                self.refuse(
                    ORG_SHEET,
                    row.number,
                    "parent_code",
                    None,
                    f"{OrgKind(v['kind']).label} cần «Mã cấp trên».",
                )
            elif self.allowed is not None:
                self.refuse(
                    ORG_SHEET,
                    row.number,
                    "code",
                    v["code"],
                    "Chỉ quản trị hệ thống được tạo một đảng bộ xã mới.",
                )
            return
        if parent_code in self.refused_codes:
            return
        parent = self._org_facts(parent_code)
        if parent is None:
            self.refuse(
                ORG_SHEET,
                row.number,
                "parent_code",
                parent_code,
                f"Không có tổ chức mã «{parent_code}» trong tệp hay trong dữ liệu.",
            )
            return
        kind, established, dissolved = parent
        known_parent = self.db_orgs.get(parent_code)
        if (
            self.allowed_orgs is not None
            and known_parent is not None
            and known_parent.pk not in self.allowed_orgs
        ):
            self.refuse(
                ORG_SHEET,
                row.number,
                "parent_code",
                parent_code,
                f"Bạn không có quyền thành lập tổ chức trực thuộc {parent_code}.",
            )
        if kind not in allowed:
            self.refuse(
                ORG_SHEET,
                row.number,
                "kind",
                v["kind"],
                f"{OrgKind(v['kind']).label} không thể trực thuộc "
                f"{OrgKind(kind).label.lower()} ({parent_code}).",
            )
        if v["established_on"] < established or (dissolved and v["established_on"] >= dissolved):
            self.refuse(
                ORG_SHEET,
                row.number,
                "established_on",
                v["established_on"],
                f"Tổ chức cấp trên {parent_code} không hoạt động vào ngày này.",
            )

    def check_cycles(self) -> None:
        for code, row in self.sheet_orgs.items():
            seen, current = {code}, row.values.get("parent_code")
            while current in self.sheet_orgs and current not in self.db_orgs:
                if current in seen:
                    self.refuse(
                        ORG_SHEET,
                        row.number,
                        "parent_code",
                        row.values["parent_code"],
                        "Vòng lặp cấp trên: tổ chức trực thuộc chính nó.",
                    )
                    break
                seen.add(current)
                current = self.sheet_orgs[current].values.get("parent_code")

    # -- members ---------------------------------------------------------------------------
    def validate_members(self, rows: list[_Row]) -> list[_MemberPlan]:
        cards = {r.values.get("card_number") for r in rows} - {None}
        by_card = {
            m.card_number: m
            for m in Member.objects.filter(card_number__in=cards).select_related("person")
        }
        names = {fold(r.values["full_name"]) for r in rows}
        births = {r.values["birth_date"] for r in rows}
        people = Person.objects.filter(search_name__in=names, birth_date__in=births).select_related(
            "member"
        )
        by_person = {(p.search_name, p.birth_date): p for p in people}
        # The histories of every member the rows may match, in one query (not one per row).
        candidates = {m.pk for m in by_card.values()} | {
            p.member.pk for p in people if getattr(p, "member", None) is not None
        }
        self.logs: dict[int, list[MemberEvent]] = defaultdict(list)
        for event in (
            MemberEvent.objects.filter(member__in=candidates, voided_at__isnull=True)
            .select_related("organization")
            .order_by("member", "effective_on", "seq")
        ):
            self.logs[event.member_id].append(event)
        ids = {r.values.get("national_id") for r in rows} - {None}
        id_owner = dict(Person.objects.filter(national_id__in=ids).values_list("national_id", "pk"))
        cell_codes = {r.values["cell_code"] for r in rows}
        self.member_cells = cell_codes
        for org in Organization.objects.filter(code__in=cell_codes - set(self.db_orgs)):
            self.db_orgs[org.code] = org
        self.codes = dict(Organization.objects.values_list("pk", "code"))
        seen_cards, seen_people, seen_ids, plans = {}, {}, {}, []
        for row in rows:
            v = row.values
            key = (fold(v["full_name"]), v["birth_date"])
            card, national_id = v.get("card_number"), v.get("national_id")
            duplicate = False
            if card and card in seen_cards:
                self.refuse(
                    MEMBER_SHEET,
                    row.number,
                    "card_number",
                    card,
                    f"Số thẻ đảng viên trùng với dòng {seen_cards[card]}.",
                )
                duplicate = True
            if key in seen_people:
                self.refuse(
                    MEMBER_SHEET,
                    row.number,
                    "full_name",
                    v["full_name"],
                    "Hai dòng cho cùng một người (trùng họ tên và ngày sinh với dòng "
                    f"{seen_people[key]}).",
                )
                duplicate = True
            if national_id and national_id in seen_ids:
                self.refuse(
                    MEMBER_SHEET,
                    row.number,
                    "national_id",
                    national_id,
                    f"Số CCCD trùng với dòng {seen_ids[national_id]}.",
                )
                duplicate = True
            seen_cards.setdefault(card, row.number)
            seen_people.setdefault(key, row.number)
            seen_ids.setdefault(national_id, row.number)
            if duplicate:
                continue
            person = by_person.get(key)
            existing = by_card.get(card) if card else None
            if existing is None and person is not None:
                existing = getattr(person, "member", None)
            if existing is not None and card and existing.card_number not in (None, card):
                if card in by_card:
                    self.refuse(
                        MEMBER_SHEET,
                        row.number,
                        "card_number",
                        card,
                        "Số thẻ đảng viên đã được dùng cho người khác.",
                    )
                    continue
            owner = id_owner.get(national_id)
            mine = existing.person_id if existing else (person.pk if person else None)
            if national_id and owner and owner != mine:
                self.refuse(
                    MEMBER_SHEET,
                    row.number,
                    "national_id",
                    national_id,
                    "Số CCCD đã thuộc về người khác trong dữ liệu.",
                )
                continue
            if (
                existing is not None
                and self.allowed is not None
                and (existing.organization_id not in self.allowed)
            ):
                self.refuse(
                    MEMBER_SHEET,
                    row.number,
                    "full_name",
                    v["full_name"],
                    "Trùng số thẻ hoặc họ tên và ngày sinh với một người đã có; liên hệ "
                    "Ban Xây dựng Đảng.",
                )
                continue
            plan = self.plan_member(row, existing, person if existing is None else None)
            if plan:
                plans.append(plan)
        return plans

    def plan_member(self, row: _Row, existing: Member | None, person: Person | None):
        v = dict(row.values)
        n = row.number
        known = None
        if existing is not None:
            known = member_row(existing, self.logs[existing.pk], self.codes)
            # A blank cell never erases what is known.
            for key, value in known.items():
                if v.get(key) in (None, "") and value not in (None, ""):
                    v[key] = value
        v.setdefault("arrived_on", None)
        v["arrived_on"] = v.get("arrived_on") or v["admitted_on"]
        if v.get("exemption") and not v.get("exempt_since"):
            v["exempt_since"] = v["arrived_on"]
        before = len(self.refusals)
        if v["cell_code"] in self.refused_codes:
            return None  # its organization's row is refused already
        cell = self._org_facts(v["cell_code"])
        if cell is None:
            self.refuse(
                MEMBER_SHEET,
                n,
                "cell_code",
                v["cell_code"],
                f"Không có tổ chức mã «{v['cell_code']}» trong tệp hay trong dữ liệu.",
            )
            return None
        kind, established, dissolved = cell
        if kind not in MEMBER_HOLDING_KINDS:
            self.refuse(
                MEMBER_SHEET,
                n,
                "cell_code",
                v["cell_code"],
                f"{v['cell_code']} là {OrgKind(kind).label.lower()}; đảng viên sinh hoạt ở chi bộ.",
            )
        for key in (
            "birth_date",
            "admitted_on",
            "official_on",
            "arrived_on",
            "left_on",
            "exempt_since",
        ):
            if v.get(key) and v[key] > today():
                self.refuse(MEMBER_SHEET, n, key, v[key], "Ngày ở tương lai.")
        admitted = v["admitted_on"]
        if age_on(v["birth_date"], admitted) < settings.DANGBO["MIN_ADMISSION_AGE"]:
            self.refuse(
                MEMBER_SHEET,
                n,
                "admitted_on",
                admitted,
                f"Vào Đảng khi chưa đủ {settings.DANGBO['MIN_ADMISSION_AGE']} tuổi "
                f"(sinh ngày {vn_date(v['birth_date'])}).",
            )
        if v.get("official_on") and v["official_on"] <= admitted:
            self.refuse(
                MEMBER_SHEET,
                n,
                "official_on",
                v["official_on"],
                f"Ngày chính thức phải sau ngày vào Đảng ({vn_date(admitted)}).",
            )
        if v["arrived_on"] < admitted:
            self.refuse(
                MEMBER_SHEET,
                n,
                "arrived_on",
                v["arrived_on"],
                f"Ngày đến trước ngày vào Đảng ({vn_date(admitted)}).",
            )
        if v.get("left_on") and not v.get("left_reason"):
            self.refuse(
                MEMBER_SHEET, n, "left_reason", None, "Có «Ngày đi» nhưng thiếu «Lý do đi»."
            )
        if v.get("left_reason") and not v.get("left_on"):
            self.refuse(MEMBER_SHEET, n, "left_on", None, "Có «Lý do đi» nhưng thiếu «Ngày đi».")
        if v.get("left_on") and v["left_on"] < v["arrived_on"]:
            self.refuse(
                MEMBER_SHEET,
                n,
                "left_on",
                v["left_on"],
                f"Ngày đi trước ngày đến ({vn_date(v['arrived_on'])}).",
            )
        if v.get("exemption") and v["exempt_since"] < v["arrived_on"]:
            self.refuse(
                MEMBER_SHEET,
                n,
                "exempt_since",
                v["exempt_since"],
                f"Miễn sinh hoạt trước ngày đến ({vn_date(v['arrived_on'])}).",
            )
        if existing is None:
            for key in ("ethnicity", "general_education"):
                if key in row.present and not v.get(key):
                    # A silent default (Kinh, THPT) would skew every statistic.
                    self.refuse(MEMBER_SHEET, n, key, None, f"Thiếu «{HEADERS[key]}».")
            if established > v["arrived_on"]:
                self.refuse(
                    MEMBER_SHEET,
                    n,
                    "arrived_on",
                    v["arrived_on"],
                    f"Chi bộ {v['cell_code']} thành lập ngày {vn_date(established)}, sau ngày đến.",
                )
            if dissolved and (not v.get("left_on") or v["left_on"] > dissolved):
                self.refuse(
                    MEMBER_SHEET,
                    n,
                    "cell_code",
                    v["cell_code"],
                    f"Chi bộ {v['cell_code']} đã giải thể ngày {vn_date(dissolved)}.",
                )
        if len(self.refusals) > before:
            return None
        # The cell may be created by this very import: any id will do to check the sequence.
        facts = derive_log(v, PENDING_CELL)
        try:
            replay([f.as_event() for f in facts])
        except DomainError as error:
            self.refuse(MEMBER_SHEET, n, "", None, error.message)
            return None
        return _MemberPlan(
            row=row,
            values=v,
            cell_code=v["cell_code"],
            existing=existing,
            person=person,
            facts=facts,
        )

    # -- writing ---------------------------------------------------------------------------
    def apply(self, org_rows: list[_Row], plans: list[_MemberPlan]) -> None:
        total = len(plans) + len(self.sheet_orgs)
        self.progress("organizations", 0, total)
        self.apply_organizations()
        self.orgs_by_code = {o.code: o for o in Organization.objects.all()}
        new = [p for p in plans if p.existing is None]
        known = [p for p in plans if p.existing is not None]
        self.create_members(new, total)
        for i, plan in enumerate(known, 1):
            self.update_member(plan)
            if i % 200 == 0:
                self.progress("members", len(self.sheet_orgs) + len(new) + i, total)
        self.dissolve_organizations()
        self.record_audit()
        self.progress("done", total, total)

    def record_audit(self) -> None:
        """One audit entry per import, on the topmost organization it touched."""
        codes = set(self.sheet_orgs) | {p for p in self.member_cells}
        touched = Organization.objects.filter(code__in=codes).order_by("depth").first()
        if touched is not None:
            audit(
                self.actor,
                "import.workbook",
                touched,
                filename=self.filename,
                organizations=vars(self.result.organizations),
                members=vars(self.result.members),
            )

    def apply_organizations(self) -> None:
        created = set()
        pending = {c: r for c, r in self.sheet_orgs.items() if c not in self.db_orgs}
        while pending:
            ready = [
                c
                for c, r in pending.items()
                if not r.values.get("parent_code") or r.values["parent_code"] not in pending
            ]
            for code in sorted(ready):
                v = pending.pop(code).values
                parent = (
                    Organization.objects.get(code=v["parent_code"])
                    if v.get("parent_code")
                    else None
                )
                try:
                    org_services.establish(
                        actor=self.actor,
                        code=code,
                        name=v["name"],
                        kind=v["kind"],
                        category=v.get("category") or "other",
                        parent=parent,
                        on=v["established_on"],
                    )
                except DomainError as error:
                    self.refuse(ORG_SHEET, self.sheet_orgs[code].number, "", None, error.message)
                created.add(code)
        self.result.organizations.created = len(created)
        for code, row in self.sheet_orgs.items():
            org = self.db_orgs.get(code)
            if org is None:
                continue
            v = row.values
            changes = {}
            if v["name"] != org.name:
                changes["name"] = v["name"]
            if "category" in row.present and v.get("category") and v["category"] != org.category:
                changes["category"] = v["category"]
            if v.get("dissolved_on") and not org.dissolved_on:
                changes["dissolved_on"] = v["dissolved_on"]
            if changes:
                self.result.organizations.updated += 1
                self.result.changes.append(f"Tổ chức {code}: {', '.join(changes)}")
                org_services.correct_details(
                    org,
                    actor=self.actor,
                    name=changes.get("name"),
                    category=changes.get("category"),
                )
            else:
                self.result.organizations.unchanged += 1

    def dissolve_organizations(self) -> None:
        for code, row in self.sheet_orgs.items():
            dissolved = row.values.get("dissolved_on")
            org = self.orgs_by_code.get(code)
            if not dissolved or org is None:
                continue
            org.refresh_from_db()
            if org.dissolved_on:
                continue
            try:
                with transaction.atomic():
                    org_services.dissolve(org, actor=self.actor, on=dissolved)
            except DomainError as error:
                self.refuse(ORG_SHEET, row.number, "dissolved_on", dissolved, error.message)

    def create_members(self, plans: list[_MemberPlan], total: int) -> None:
        if not plans:
            return
        people = []
        for plan in plans:
            v = plan.values
            person = plan.person or Person()
            for key in PERSON_KEYS:
                if key in plan.row.present or person.pk is None:
                    value = v.get(key)
                    if value is None and key in ("religion",):
                        value = ""
                    if value is not None:
                        setattr(person, key, value)
            person.full_name = normalize_spaces(person.full_name)
            person.refresh_derived()
            people.append(person)
        fresh = [p for p in people if p.pk is None]
        if len(fresh) <= BULK_HISTORY_LIMIT:
            bulk_create_with_history(fresh, Person, batch_size=2000)
        else:
            Person.objects.bulk_create(fresh, batch_size=5000)
        members, results = [], []
        for plan, person in zip(plans, people, strict=True):
            cell = self.orgs_by_code[plan.cell_code]
            plan.facts = derive_log(plan.values, cell.pk)
            result = replay([f.as_event() for f in plan.facts])
            results.append(result)
            member = Member(person=person, card_number=plan.values.get("card_number"))
            members.append(member_services.summarize(member, result))
        if len(members) <= BULK_HISTORY_LIMIT:
            members = bulk_create_with_history(members, Member, batch_size=2000)
        else:
            members = Member.objects.bulk_create(members, batch_size=5000)
        events, periods, transitions = [], [], []
        actor = self.actor if getattr(self.actor, "pk", None) else None
        note = f"Nhập từ tệp {self.filename}".strip()
        for plan, member, result in zip(plans, members, results, strict=True):
            for seq, fact in enumerate(plan.facts, 1):
                events.append(
                    MemberEvent(
                        member=member,
                        kind=fact.kind,
                        effective_on=fact.on,
                        seq=seq,
                        organization_id=fact.organization_id,
                        extra=dict(fact.extra),
                        actor=actor,
                        note=note,
                    )
                )
            periods.extend(member_services.period_rows(member, result))
            transitions.extend(member_services.transition_rows(member, result))
        MemberEvent.objects.bulk_create(events, batch_size=5000)
        MembershipPeriod.objects.bulk_create(periods, batch_size=5000)
        MemberTransition.objects.bulk_create(transitions, batch_size=5000)
        self.result.members.created = len(members)
        self.progress("members", len(self.sheet_orgs) + len(members), total)

    def update_member(self, plan: _MemberPlan) -> None:
        member = plan.existing
        v = plan.values
        log = self.logs[member.pk]  # read when the rows were checked; services re-check
        known = member_row(member, log, self.codes)
        person_changes = {
            k: v[k]
            for k in PERSON_KEYS
            if k in plan.row.present and v.get(k) not in (None, "") and v[k] != known[k]
        }
        card = v.get("card_number")
        card_changed = bool(card) and card != member.card_number
        # Compare in the row's terms: the facts the record states against those the row states.
        stated = {signature(f) for f in derive_log(known, None)}
        wanted = {signature(f): f for f in derive_log(v, None)}
        by_day = {(str(e.kind), e.effective_on): e for e in log}
        void = [
            by_day[(kind, on)] for kind, on, _extra in stated - set(wanted) if (kind, on) in by_day
        ]
        add = [f for sig, f in wanted.items() if sig not in stated]
        moved = v["cell_code"] != known["cell_code"] and member.state == "active"
        if not (person_changes or card_changed or void or add or moved):
            self.result.members.unchanged += 1
            return
        name = member.person.full_name
        try:
            with transaction.atomic():
                if person_changes:
                    member_services.update_person(member.person, actor=self.actor, **person_changes)
                if card_changed:
                    member_services.set_card_number(member, actor=self.actor, card_number=card)
                if void or add:
                    self.correct(member, void, add, log)
                if moved:
                    member_services.move(
                        member,
                        actor=self.actor,
                        to=self.orgs_by_code[v["cell_code"]],
                        on=today(),
                        note=f"Theo tệp {self.filename}".strip(),
                    )
        except DomainError as error:
            self.refuse(MEMBER_SHEET, plan.row.number, "", None, f"{name}: {error.message}")
            return
        self.result.members.updated += 1
        what = [
            *person_changes,
            *(["card_number"] if card_changed else []),
            *(["history"] if void or add else []),
            *(["cell_code"] if moved else []),
        ]
        self.result.changes.append(
            f"Dòng {plan.row.number}, {name}: "
            + ", ".join(HEADERS.get(k, "quá trình sinh hoạt") for k in what)
        )

    def correct(self, member: Member, void: list[MemberEvent], add: list[Fact], log) -> None:
        replaced_orgs = {str(e.kind): e.organization for e in void if e.organization_id}
        items = []
        for fact in add:
            organization = None
            if fact.kind in ("admitted", "transferred_in", "readmitted"):
                organization = replaced_orgs.get(str(fact.kind)) or member.organization
            items.append(
                {
                    "kind": fact.kind,
                    "on": fact.on,
                    "organization": organization,
                    "extra": dict(fact.extra),
                }
            )
        member_services.correct(
            member,
            actor=self.actor,
            void=void,
            add=items,
            reason=f"Sửa theo tệp {self.filename}".strip(),
        )
