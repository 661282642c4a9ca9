"""Every write to people and members: one verb per lifecycle action.

Each action appends one ``MemberEvent``, replays the member's whole log with it in place
(``history.replay``), and only when the replay succeeds saves the event and rewrites the derived
periods and summary fields — all in one transaction, under a lock on the member's row. A refused
action raises ``DomainError`` with a Vietnamese message and leaves the database as it was.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q

from dangbo.core.audit import audit
from dangbo.core.db import today
from dangbo.core.errors import DomainError
from dangbo.core.text import vn_date
from dangbo.organizations.models import Organization

from .choices import DisciplineForm, EventKind
from .history import replay
from .models import Member, MemberEvent, MembershipPeriod, MemberTransition, Person
from .selectors import live_log

# The person's own details, in the order forms show them.
PERSON_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "religion",
    "national_id",
    "residence",
    "phone",
    "email",
    "general_education",
    "professional",
    "political_theory",
    "work_status",
    "occupation",
)


# -- people -------------------------------------------------------------------------------------
@transaction.atomic
def create_person(*, actor, **fields) -> Person:
    """Ghi nhận một cá nhân (đảng viên, quần chúng, trưởng bản...)."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person(**fields)
    _validate_person(person)
    person.save()
    audit(actor, "person.create", person)
    return person


@transaction.atomic
def update_person(person: Person, *, actor, **fields) -> Person:
    """Sửa thông tin cá nhân; mọi thay đổi được lưu trong lịch sử (django-simple-history)."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = {k: v for k, v in fields.items() if getattr(person, k) != v}
    for key, value in changed.items():
        setattr(person, key, value)
    _validate_person(person)
    person.save()
    audit(actor, "person.update", person, fields=sorted(changed))
    return person


def _validate_person(person: Person) -> None:
    person.refresh_derived()
    if not person.full_name:
        raise DomainError("Họ và tên là bắt buộc.", field="full_name")
    if person.birth_date is None:
        raise DomainError("Ngày sinh là bắt buộc.", field="birth_date")
    if person.birth_date > today():
        raise DomainError("Ngày sinh ở tương lai.", field="birth_date")
    if person.national_id:
        if not (person.national_id.isdigit() and len(person.national_id) == 12):
            raise DomainError("Số CCCD gồm đúng 12 chữ số.", field="national_id")
        clash = Person.objects.filter(national_id=person.national_id).exclude(pk=person.pk)
        if clash.exists():
            raise DomainError(
                f"Số CCCD {person.national_id} đã thuộc về người khác.", field="national_id"
            )


# -- the engine ---------------------------------------------------------------------------------
def _record(
    member: Member,
    kind: str,
    *,
    actor,
    on: date,
    organization: Organization | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
    extra: dict | None = None,
) -> MemberEvent:
    """Append one event after checking the whole log replays with it. Call inside atomic()."""
    if on is None:
        raise DomainError("Ngày hiệu lực là bắt buộc.", field="effective_on")
    if on > today():
        raise DomainError(
            f"Ngày hiệu lực {vn_date(on)} ở tương lai; chỉ ghi những việc đã xảy ra.",
            field="effective_on",
        )
    if decision_date and decision_date > today():
        raise DomainError("Ngày quyết định ở tương lai.", field="decision_date")
    if organization is not None:
        # Trust the database, not the caller's copy (it may predate a dissolution).
        organization = Organization.objects.get(pk=organization.pk)
        _check_target(organization, on)
    member = Member.objects.select_for_update().select_related("person").get(pk=member.pk)
    if on < member.person.birth_date:
        raise DomainError(
            f"Ngày hiệu lực {vn_date(on)} trước ngày sinh của đảng viên.", field="effective_on"
        )
    log = list(live_log(member))
    seq = (member.events.aggregate(m=Max("seq"))["m"] or 0) + 1
    event = MemberEvent(
        member=member,
        kind=kind,
        effective_on=on,
        seq=seq,
        organization=organization,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        note=note.strip(),
        extra=_jsonable(extra or {}),
        actor=actor if getattr(actor, "pk", None) else None,
    )
    log.append(event)
    log.sort(key=lambda e: (e.effective_on, e.seq))
    result = replay(log)
    event.save()
    _store(member, result)
    audit(actor, f"member.{kind}", member, on=on, event=event.pk)
    return event


def _check_target(org: Organization, on: date) -> None:
    if not org.holds_members:
        raise DomainError(
            f"«{org.name}» là {org.get_kind_display().lower()}; đảng viên sinh hoạt ở chi bộ.",
            field="organization",
        )
    if not org.is_alive(on):
        raise DomainError(
            f"«{org.name}» không hoạt động vào ngày {vn_date(on)}.", field="organization"
        )


def _jsonable(extra: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in extra.items()}


def summarize(member: Member, result) -> Member:
    """Copy what a replay derived onto the member's summary fields (not saved)."""
    member.state = result.state
    member.organization_id = result.organization_id
    member.admitted_on = result.admitted_on
    member.official_on = result.official_on
    member.is_exempt = result.is_exempt
    member.is_away = result.away
    member.left_on = result.left_on
    return member


def period_rows(member: Member, result) -> list[MembershipPeriod]:
    """The periods a replay derived, as unsaved rows."""
    return [
        MembershipPeriod(
            member=member,
            organization_id=s.organization_id,
            start=s.start,
            end=s.end,
            standing=s.standing,
            exempt=s.exempt,
            guest=s.guest,
            away=s.away,
        )
        for s in result.periods
    ]


def transition_rows(member: Member, result) -> list[MemberTransition]:
    """The transitions a replay derived, as unsaved rows."""
    return [
        MemberTransition(
            member=member,
            on=t.on,
            cause=t.cause,
            from_organization_id=t.from_organization_id,
            to_organization_id=t.to_organization_id,
        )
        for t in result.transitions
    ]


def _store(member: Member, result) -> None:
    """Write what the replay derived: summary fields, periods and transitions, for this member."""
    summarize(member, result).save()
    MembershipPeriod.objects.filter(member=member).delete()
    MembershipPeriod.objects.bulk_create(period_rows(member, result))
    MemberTransition.objects.filter(member=member).delete()
    MemberTransition.objects.bulk_create(transition_rows(member, result))


@transaction.atomic
def correct(
    member: Member, *, actor, reason: str, void: list[MemberEvent], add: list[dict]
) -> list[MemberEvent]:
    """Sửa sai: mark ``void`` events as corrected away and append ``add`` ones (dicts of kind,
    on, organization, extra), after checking the corrected log replays. Nothing is deleted:
    the void events stay, with who voided them, when and why."""
    from django.utils import timezone

    member = Member.objects.select_for_update().select_related("person").get(pk=member.pk)
    void_ids = {e.pk for e in void}
    kept = [e for e in live_log(member) if e.pk not in void_ids]
    seq = member.events.aggregate(m=Max("seq"))["m"] or 0
    new = []
    for item in add:
        seq += 1
        organization = item.get("organization")
        if organization is not None:
            organization = Organization.objects.get(pk=organization.pk)
            _check_target(organization, item["on"])
        if item["on"] > today():
            raise DomainError(f"Ngày {vn_date(item['on'])} ở tương lai.", field="effective_on")
        new.append(
            MemberEvent(
                member=member,
                kind=item["kind"],
                effective_on=item["on"],
                seq=seq,
                organization=organization,
                extra=_jsonable(item.get("extra") or {}),
                note=reason,
                actor=actor if getattr(actor, "pk", None) else None,
            )
        )
    result = replay(sorted([*kept, *new], key=lambda e: (e.effective_on, e.seq)))
    MemberEvent.objects.filter(pk__in=void_ids).update(
        voided_at=timezone.now(),
        voided_by=actor if getattr(actor, "pk", None) else None,
        void_reason=reason[:255],
    )
    MemberEvent.objects.bulk_create(new)
    _store(member, result)
    audit(actor, "member.correct", member, voided=sorted(void_ids), added=len(new), reason=reason)
    return new


def rebuild(member: Member) -> None:
    """Re-derive a member's periods and summary from the log (after a data repair)."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        _store(member, replay(live_log(member)))


# -- arrivals -----------------------------------------------------------------------------------
def _check_age(person: Person, on: date) -> None:
    minimum = settings.DANGBO["MIN_ADMISSION_AGE"]
    b = person.birth_date
    age = on.year - b.year - ((on.month, on.day) < (b.month, b.day))
    if age < minimum:
        raise DomainError(
            f"{person.full_name} mới {age} tuổi vào ngày {vn_date(on)}; "
            f"người vào Đảng phải đủ {minimum} tuổi.",
            field="effective_on",
        )


def _new_member(person: Person, organization: Organization, on: date, **fields) -> Member:
    if Member.objects.filter(person=person).exists():
        raise DomainError(f"{person.full_name} đã có hồ sơ đảng viên.", field="person")
    card = fields.get("card_number") or None
    if card and Member.objects.filter(card_number=card).exists():
        raise DomainError(f"Số thẻ đảng viên {card} đã được dùng.", field="card_number")
    return Member.objects.create(person=person, organization=organization, admitted_on=on, **fields)


@transaction.atomic
def admit(
    person: Person,
    *,
    actor,
    organization: Organization,
    on: date,
    ceremony_on: date | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
) -> Member:
    """Kết nạp: ``person`` becomes a probationary member of ``organization`` on ``on``."""
    _check_age(person, on)
    if ceremony_on and ceremony_on < on:
        raise DomainError("Lễ kết nạp không thể trước ngày kết nạp.", field="ceremony_on")
    member = _new_member(person, organization, on, ceremony_on=ceremony_on)
    _record(
        member,
        EventKind.ADMITTED,
        actor=actor,
        on=on,
        organization=organization,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )
    member.refresh_from_db()
    return member


@transaction.atomic
def receive_transfer(
    person: Person,
    *,
    actor,
    organization: Organization,
    on: date,
    admitted_on: date | None = None,
    official_on: date | None = None,
    card_number: str = "",
    origin: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
) -> Member:
    """Tiếp nhận chuyển sinh hoạt đến: a member arriving from another committee on ``on``.

    A person with a member record who left by transfer comes back with the same record.
    """
    existing = Member.objects.filter(person=person).first()
    if existing is None:
        if admitted_on is None:
            raise DomainError("Cần ngày vào Đảng của đảng viên chuyển đến.", field="admitted_on")
        _check_age(person, admitted_on)
        existing = _new_member(
            person,
            organization,
            admitted_on,
            card_number=card_number or None,
            official_on=official_on,
        )
    elif card_number and card_number != existing.card_number:
        if Member.objects.filter(card_number=card_number).exclude(pk=existing.pk).exists():
            raise DomainError(f"Số thẻ đảng viên {card_number} đã được dùng.", field="card_number")
        existing.card_number = card_number
        existing.save(update_fields=["card_number"])
    _record(
        existing,
        EventKind.TRANSFERRED_IN,
        actor=actor,
        on=on,
        organization=organization,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        extra={"from": origin, "admitted_on": admitted_on, "official_on": official_on},
    )
    existing.refresh_from_db()
    return existing


@transaction.atomic
def receive_temporary(
    person: Person,
    *,
    actor,
    organization: Organization,
    on: date,
    admitted_on: date | None = None,
    official_on: date | None = None,
    origin: str = "",
    note: str = "",
) -> Member:
    """Tiếp nhận sinh hoạt tạm thời: a member of another committee who meets here for a while.

    Not counted in this committee's figures; expected at the cell's meetings.
    """
    existing = Member.objects.filter(person=person).first()
    if existing is None:
        if admitted_on is None:
            raise DomainError(
                "Cần ngày vào Đảng của đảng viên đến sinh hoạt tạm thời.", field="admitted_on"
            )
        existing = _new_member(person, organization, admitted_on, official_on=official_on)
    _record(
        existing,
        EventKind.TEMPORARY_IN,
        actor=actor,
        on=on,
        organization=organization,
        note=note,
        extra={"from": origin, "admitted_on": admitted_on, "official_on": official_on},
    )
    existing.refresh_from_db()
    return existing


# -- changes of a present member ----------------------------------------------------------------
@transaction.atomic
def recognize_official(
    member: Member,
    *,
    actor,
    on: date,
    decision_number: str = "",
    decision_date: date | None = None,
    card_number: str = "",
    note: str = "",
) -> MemberEvent:
    """Công nhận đảng viên chính thức từ ``on`` (and, usually, issue the card)."""
    if card_number:
        if Member.objects.filter(card_number=card_number).exclude(pk=member.pk).exists():
            raise DomainError(f"Số thẻ đảng viên {card_number} đã được dùng.", field="card_number")
    event = _record(
        member,
        EventKind.RECOGNIZED_OFFICIAL,
        actor=actor,
        on=on,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )
    if card_number:
        Member.objects.filter(pk=member.pk).update(card_number=card_number)
    return event


@transaction.atomic
def move(
    member: Member,
    *,
    actor,
    to: Organization,
    on: date,
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
) -> MemberEvent:
    """Chuyển sinh hoạt sang chi bộ khác trong cùng đảng bộ (not an arrival nor a departure)."""
    return _record(
        member,
        EventKind.MOVED,
        actor=actor,
        on=on,
        organization=to,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        extra={"from_organization": member.organization_id},
    )


@transaction.atomic
def transfer_out(
    member: Member,
    *,
    actor,
    on: date,
    destination: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
) -> MemberEvent:
    """Chuyển sinh hoạt đảng chính thức đi đảng bộ khác."""
    return _record(
        member,
        EventKind.TRANSFERRED_OUT,
        actor=actor,
        on=on,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        extra={"to": destination},
    )


@transaction.atomic
def temporary_out(
    member: Member, *, actor, on: date, destination: str = "", note: str = ""
) -> MemberEvent:
    """Đi sinh hoạt tạm thời nơi khác (still counted here), or a guest's stay ends."""
    return _record(
        member, EventKind.TEMPORARY_OUT, actor=actor, on=on, note=note, extra={"to": destination}
    )


@transaction.atomic
def temporary_return(member: Member, *, actor, on: date, note: str = "") -> MemberEvent:
    """Trở về sinh hoạt sau thời gian sinh hoạt tạm thời nơi khác."""
    return _record(member, EventKind.TEMPORARY_IN, actor=actor, on=on, note=note)


@transaction.atomic
def start_exemption(
    member: Member,
    *,
    actor,
    on: date,
    reason: str,
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
) -> MemberEvent:
    """Miễn công tác và sinh hoạt đảng từ ``on``."""
    if not reason.strip():
        raise DomainError("Cần ghi lý do miễn sinh hoạt.", field="reason")
    return _record(
        member,
        EventKind.EXEMPTION_STARTED,
        actor=actor,
        on=on,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        extra={"reason": reason.strip()},
    )


@transaction.atomic
def end_exemption(
    member: Member, *, actor, on: date, decision_number: str = "", note: str = ""
) -> MemberEvent:
    """Thôi miễn sinh hoạt: the member takes part again from ``on``."""
    return _record(
        member,
        EventKind.EXEMPTION_ENDED,
        actor=actor,
        on=on,
        decision_number=decision_number,
        note=note,
    )


@transaction.atomic
def discipline(
    member: Member,
    *,
    actor,
    on: date,
    form: str,
    reason: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
) -> MemberEvent:
    """Kỷ luật (khiển trách, cảnh cáo, cách chức); khai trừ is ``expel``."""
    if form not in DisciplineForm.values:
        raise DomainError("Hình thức kỷ luật không hợp lệ.", field="form")
    member = Member.objects.select_related("person").get(pk=member.pk)
    if form == DisciplineForm.DISMISSAL:
        if member.official_on is None or member.official_on > on:
            raise DomainError("Đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo.", field="form")
        holding = member.person.posts.filter(started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=on)
        )
        if not holding.exists():
            raise DomainError("Cách chức chỉ áp dụng với người đang giữ chức vụ.", field="form")
    return _record(
        member,
        EventKind.DISCIPLINED,
        actor=actor,
        on=on,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        extra={"form": form, "reason": reason.strip()},
    )


def _leave(member: Member, kind: str, *, actor, on: date, reason: str, **decision):
    return _record(member, kind, actor=actor, on=on, extra={"reason": reason.strip()}, **decision)


@transaction.atomic
def remove(member: Member, *, actor, on: date, reason: str = "", **decision) -> MemberEvent:
    """Xóa tên trong danh sách đảng viên (``decision``: decision_number, decision_date, note)."""
    return _leave(member, EventKind.REMOVED, actor=actor, on=on, reason=reason, **decision)


@transaction.atomic
def expel(member: Member, *, actor, on: date, reason: str = "", **decision) -> MemberEvent:
    """Khai trừ ra khỏi Đảng (``decision``: decision_number, decision_date, note)."""
    return _leave(member, EventKind.EXPELLED, actor=actor, on=on, reason=reason, **decision)


@transaction.atomic
def record_death(member: Member, *, actor, on: date, note: str = "") -> MemberEvent:
    """Đảng viên từ trần."""
    return _record(member, EventKind.DIED, actor=actor, on=on, note=note)


@transaction.atomic
def readmit(
    member: Member,
    *,
    actor,
    organization: Organization,
    on: date,
    decision_number: str = "",
    decision_date: date | None = None,
    note: str = "",
) -> MemberEvent:
    """Kết nạp lại người đã bị xóa tên hoặc khai trừ (a new probation starts)."""
    return _record(
        member,
        EventKind.READMITTED,
        actor=actor,
        on=on,
        organization=organization,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )


def record_profile_view(member: Member, *, viewer) -> None:
    """Log that ``viewer`` opened ``member``'s profile (personal data access), unless it is the
    member reading their own."""
    from dangbo.core.models import ProfileView

    if member.person.user_id != viewer.pk:
        ProfileView.objects.create(viewer=viewer, member=member)


@transaction.atomic
def set_card_number(member: Member, *, actor, card_number: str) -> Member:
    """Cấp / sửa số thẻ đảng viên (unique; kept in the member's field history)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    card_number = card_number.strip()
    if Member.objects.filter(card_number=card_number).exclude(pk=member.pk).exists():
        raise DomainError(f"Số thẻ đảng viên {card_number} đã được dùng.", field="card_number")
    old = member.card_number
    member.card_number = card_number or None
    member.save(update_fields=["card_number"])
    audit(actor, "member.card_number", member, old=old, new=card_number)
    return member


@transaction.atomic
def link_user(person: Person, *, actor, user) -> Person:
    """Gắn tài khoản đăng nhập với một cá nhân (để đảng viên xem hồ sơ của mình)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise DomainError("Tài khoản này đã gắn với người khác.", field="user")
    person.user = user
    person.save(update_fields=["user"])
    audit(actor, "person.link_user", person, user=user.username)
    return person
