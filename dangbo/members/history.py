"""Replay of a member's event log: the one place that knows which sequences are possible.

``replay`` walks the events in order (effective date, then the order they were recorded) and
returns the membership periods and the member's state after the last event, or raises
``DomainError`` naming the first event that cannot happen. Services replay the whole log with the
new event in place before writing anything, so a back-dated event is checked against everything
that follows it too.

Dates are half-open: a member who arrives on D is present on D; one who leaves on D is not.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from dangbo.core.errors import DomainError
from dangbo.core.text import vn_date

from .choices import EventKind, MemberState, Standing

ARRIVING_FIRST = {EventKind.ADMITTED, EventKind.TRANSFERRED_IN, EventKind.TEMPORARY_IN}


class EventLike(Protocol):
    kind: str
    effective_on: date
    organization_id: int | None
    extra: dict


@dataclass(frozen=True)
class Fact:
    """An event not (yet) in the database — a demo's or a workbook row's — for ``replay``."""

    kind: str
    effective_on: date
    organization_id: int | None = None
    extra: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Segment:
    organization_id: int
    start: date
    end: date | None
    standing: str
    exempt: bool
    guest: bool
    away: bool


@dataclass(frozen=True)
class Transition:
    """A change in where the member counts on ``on``: ``from`` None is an arrival in the
    committee, ``to`` None a departure, both set a move between its cells. ``cause`` is the
    event kind. Statistics of changes over a period are sums over these."""

    on: date
    cause: str
    from_organization_id: int | None
    to_organization_id: int | None


@dataclass
class Replay:
    """The member as the log leaves them."""

    state: str | None = None
    organization_id: int | None = None
    admitted_on: date | None = None
    first_admitted_on: date | None = None
    official_on: date | None = None
    exempt_since: date | None = None
    away: bool = False
    left_on: date | None = None
    periods: list[Segment] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    # Stretches spent outside the Party (removal/expulsion → readmission), for party age.
    outside: list[tuple[date, date | None]] = field(default_factory=list)
    _open_since: date | None = None
    _first_arrival: date | None = None

    @property
    def present(self) -> bool:
        return self.state in (MemberState.ACTIVE, MemberState.GUEST)

    @property
    def is_exempt(self) -> bool:
        return self.exempt_since is not None

    def party_age_days(self, on: date) -> int:
        """Days in the Party at ``on``: from the first admission, minus time outside it."""
        if self.first_admitted_on is None or on < self.first_admitted_on:
            return 0
        days = (on - self.first_admitted_on).days
        for start, end in self.outside:
            if start < on:
                days -= ((min(end, on) if end else on) - start).days
        return days

    # -- segment bookkeeping -------------------------------------------------------------------
    def _cut(self, on: date) -> None:
        """Close the open segment at ``on`` (before a change that takes effect on ``on``)."""
        if self.present and self._open_since is not None and self._open_since < on:
            self.periods.append(
                Segment(
                    organization_id=self.organization_id,
                    start=self._open_since,
                    end=on,
                    standing=Standing.OFFICIAL if self.official_on else Standing.PROBATIONARY,
                    exempt=self.is_exempt,
                    guest=self.state == MemberState.GUEST,
                    away=self.away,
                )
            )
        self._open_since = on

    def _finish(self) -> None:
        if self.present and self._open_since is not None:
            self.periods.append(
                Segment(
                    organization_id=self.organization_id,
                    start=self._open_since,
                    end=None,
                    standing=Standing.OFFICIAL if self.official_on else Standing.PROBATIONARY,
                    exempt=self.is_exempt,
                    guest=self.state == MemberState.GUEST,
                    away=self.away,
                )
            )


def _d(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def replay(events: Iterable[EventLike]) -> Replay:
    """Replay events by effective date (same-day events in the order given, which is the order
    they were recorded); raise DomainError at the first impossible one."""
    r = Replay()
    ordered = sorted(events, key=lambda e: e.effective_on)
    r._first_arrival = next((e.effective_on for e in ordered if e.kind in ARRIVING_FIRST), None)
    for event in ordered:
        before = r.organization_id if r.state == MemberState.ACTIVE else None
        _step(r, event)
        after = r.organization_id if r.state == MemberState.ACTIVE else None
        if before != after:
            r.transitions.append(Transition(event.effective_on, event.kind, before, after))
    r._finish()
    return r


def _step(r: Replay, e: EventLike) -> None:  # noqa: C901 — one branch per kind reads best
    kind, on, org = e.kind, e.effective_on, e.organization_id
    label = EventKind(kind).label
    where = f"«{label}» ngày {vn_date(on)}"

    if r.state == MemberState.DIED:
        raise DomainError(
            f"Không thể ghi {where}: đảng viên đã từ trần ngày {vn_date(r.left_on)}.",
            field="effective_on",
        )
    if r.state is None and kind not in ARRIVING_FIRST:
        since = (
            f"đảng viên chỉ bắt đầu sinh hoạt tại đảng bộ từ ngày {vn_date(r._first_arrival)}"
            if r._first_arrival
            else "người này chưa sinh hoạt tại đảng bộ"
        )
        raise DomainError(
            f"Không thể ghi {where}: {since}, chưa sinh hoạt tại đảng bộ vào ngày đó "
            "(sự kiện đầu tiên phải là kết nạp, chuyển đến hoặc sinh hoạt tạm thời đến).",
            field="effective_on",
        )

    def need_present(allow_guest: bool = False) -> None:
        if r.state == MemberState.ACTIVE or (allow_guest and r.state == MemberState.GUEST):
            return
        if r.state == MemberState.GUEST:
            raise DomainError(
                f"Không thể ghi {where}: người này chỉ sinh hoạt tạm thời, "
                "do đảng bộ nơi khác quản lý."
            )
        raise DomainError(
            f"Không thể ghi {where}: đảng viên không còn sinh hoạt tại đảng bộ "
            f"từ ngày {vn_date(r.left_on)}.",
            field="effective_on",
        )

    def need_org() -> int:
        if not org:
            raise DomainError(f"Không thể ghi {where}: chưa chọn chi bộ.", field="organization")
        return org

    if kind == EventKind.ADMITTED:
        if r.state is not None:
            hint = (
                " Dùng «Kết nạp lại» cho người đã bị xóa tên hoặc khai trừ."
                if r.state in (MemberState.REMOVED, MemberState.EXPELLED)
                else ""
            )
            raise DomainError(f"Không thể ghi {where}: người này đã là đảng viên.{hint}")
        r._cut(on)
        r.state, r.organization_id = MemberState.ACTIVE, need_org()
        r.admitted_on = r.first_admitted_on = on
        r.official_on = None

    elif kind == EventKind.READMITTED:
        if r.state not in (MemberState.REMOVED, MemberState.EXPELLED):
            raise DomainError(
                f"Không thể ghi {where}: chỉ kết nạp lại người đã bị xóa tên hoặc khai trừ."
            )
        r.outside[-1] = (r.outside[-1][0], on)
        r._cut(on)
        r.state, r.organization_id = MemberState.ACTIVE, need_org()
        r.admitted_on, r.official_on, r.left_on = on, None, None

    elif kind == EventKind.TRANSFERRED_IN:
        if r.state == MemberState.ACTIVE:
            raise DomainError(f"Không thể ghi {where}: đảng viên đang sinh hoạt tại đảng bộ.")
        if r.state in (MemberState.REMOVED, MemberState.EXPELLED):
            raise DomainError(f"Không thể ghi {where}: người này không còn là đảng viên.")
        _arrival_dates(r, e, where, on, required=r.state is None)
        r._cut(on)
        r.state, r.organization_id, r.left_on = MemberState.ACTIVE, need_org(), None
        r.away = False

    elif kind == EventKind.TEMPORARY_IN:
        if r.state == MemberState.ACTIVE:
            if not r.away:
                raise DomainError(
                    f"Không thể ghi {where}: đảng viên đang sinh hoạt tại đảng bộ, "
                    "không đi sinh hoạt tạm thời nơi khác."
                )
            r._cut(on)
            r.away = False
        elif r.state == MemberState.GUEST:
            raise DomainError(f"Không thể ghi {where}: người này đang sinh hoạt tạm thời ở đây.")
        elif r.state in (MemberState.REMOVED, MemberState.EXPELLED):
            raise DomainError(f"Không thể ghi {where}: người này không còn là đảng viên.")
        else:  # a newcomer, a former guest, or a member of ours who left by transfer
            _arrival_dates(r, e, where, on, required=r.state is None)
            r._cut(on)
            r.state, r.organization_id, r.left_on = MemberState.GUEST, need_org(), None

    elif kind == EventKind.TEMPORARY_OUT:
        need_present(allow_guest=True)
        if r.state == MemberState.GUEST:
            r._cut(on)
            r.state, r.left_on = MemberState.GUEST_LEFT, on
        elif r.away:
            raise DomainError(
                f"Không thể ghi {where}: đảng viên đang sinh hoạt tạm thời nơi khác rồi."
            )
        else:
            r._cut(on)
            r.away = True

    elif kind == EventKind.MOVED:
        need_present(allow_guest=True)
        target = need_org()
        if target == r.organization_id:
            raise DomainError(
                f"Không thể ghi {where}: đảng viên đang ở chính chi bộ này.", field="organization"
            )
        r._cut(on)
        r.organization_id = target

    elif kind == EventKind.RECOGNIZED_OFFICIAL:
        need_present()
        if r.official_on is not None:
            raise DomainError(
                f"Không thể ghi {where}: đã là đảng viên chính thức từ ngày {vn_date(r.official_on)}."
            )
        if on <= r.admitted_on:
            raise DomainError(
                f"Không thể ghi {where}: ngày chính thức phải sau ngày vào Đảng "
                f"({vn_date(r.admitted_on)}).",
                field="effective_on",
            )
        r._cut(on)
        r.official_on = on

    elif kind == EventKind.EXEMPTION_STARTED:
        need_present()
        if r.exempt_since is not None:
            raise DomainError(
                f"Không thể ghi {where}: đảng viên đang được miễn sinh hoạt từ ngày "
                f"{vn_date(r.exempt_since)}; hãy ghi thôi miễn trước."
            )
        r._cut(on)
        r.exempt_since = on

    elif kind == EventKind.EXEMPTION_ENDED:
        need_present()
        if r.exempt_since is None:
            raise DomainError(f"Không thể ghi {where}: đảng viên không đang được miễn sinh hoạt.")
        r._cut(on)
        r.exempt_since = None

    elif kind == EventKind.DISCIPLINED:
        need_present(allow_guest=True)

    elif kind in (EventKind.TRANSFERRED_OUT, EventKind.REMOVED, EventKind.EXPELLED):
        need_present()
        r._cut(on)
        r.state = {
            EventKind.TRANSFERRED_OUT: MemberState.TRANSFERRED_OUT,
            EventKind.REMOVED: MemberState.REMOVED,
            EventKind.EXPELLED: MemberState.EXPELLED,
        }[kind]
        r.left_on, r.exempt_since, r.away = on, None, False
        if kind != EventKind.TRANSFERRED_OUT:
            r.outside.append((on, None))

    elif kind == EventKind.DIED:
        need_present(allow_guest=True)
        r._cut(on)
        r.state, r.left_on, r.exempt_since, r.away = MemberState.DIED, on, None, False

    else:  # pragma: no cover — choices are closed
        raise DomainError(f"Loại sự kiện không hợp lệ: {kind}")


def _arrival_dates(r: Replay, e: EventLike, where: str, on: date, *, required: bool) -> None:
    """Admission and official dates that an arrival from elsewhere brings with it."""
    extra = e.extra or {}
    admitted_on = _d(extra.get("admitted_on")) or r.admitted_on
    official_on = _d(extra.get("official_on")) or r.official_on
    if admitted_on is None:
        if required:
            raise DomainError(
                f"Không thể ghi {where}: thiếu ngày vào Đảng của người chuyển đến.",
                field="admitted_on",
            )
        return
    if admitted_on > on:
        raise DomainError(
            f"Không thể ghi {where}: ngày vào Đảng ({vn_date(admitted_on)}) sau ngày đến.",
            field="admitted_on",
        )
    if official_on is not None and not (admitted_on < official_on <= on):
        raise DomainError(
            f"Không thể ghi {where}: ngày chính thức ({vn_date(official_on)}) phải sau ngày vào "
            f"Đảng ({vn_date(admitted_on)}) và không sau ngày đến.",
            field="official_on",
        )
    r.admitted_on = admitted_on
    r.first_admitted_on = r.first_admitted_on or admitted_on
    r.official_on = official_on
